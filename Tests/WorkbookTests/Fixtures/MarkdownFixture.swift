// A document using every element the renderers handle. The golden renderings
// of it are in MarkdownGoldens.swift.
enum MarkdownFixture {
    static let elements = ##"""
# Processes and their exit codes

A *process* is a running program with its **own memory**. Threads share one
address space; processes do not, which is why `MP.Process` has to copy what
it sends. Read [the Python documentation](https://docs.python.org/3/library/multiprocessing.html "multiprocessing")
or <https://example.org/guide> for more.\
This line follows a hard break, and ***both*** styles nest.

## Starting a child

1. Make a process with a target.
2. Call `start()`; the child begins running.
3. Call `join()` to wait for it.

- Tight bullet item
  - nested item one
  - nested item two, with enough words that it has to wrap at a narrow width
- Another item

9. ninth
10. tenth

A loose list:

- First paragraph of a loose item.

  Second paragraph of the same item.

- Second loose item.

### What the parent sees

> A block quote holds *advice*:
> exit codes are small numbers.
>
> > A nested quote.

```swift
// Start one child and wait for it.
let process = MP.Process(name: "worker") { code in
    print("child says \(code) and 0x1F")
}
try process.start()
/* a block comment */
let total = 3.5 + 42
```

    indented code block
    second line

```expect
# comments are ignored
CHECK: main started
CHECK-NEXT: child [[PID:[0-9]+]] exited with 0
```

| how the child ended | exit code | *seen* by |
|:---|---:|:-:|
| `run` returned | `0` | the parent |
| a signal killed it | `-N` for signal N: `-9` after `kill()` | **wait** |
| it called `exit(3)` \| `_exit(3)` | `3` |

---

![A diagram of a fork](images/fork.png "fork") and <span>inline html</span> and
AVeryLongWordThatIsLongerThanFortyColumnsForSure at the end.

<div class="note">
HTML block &amp; more
</div>

<!-- a comment the terminal hides -->

Text with <, > and & needs escaping in HTML; "quotes" too.

#### Fourth level heading
"""##
}
