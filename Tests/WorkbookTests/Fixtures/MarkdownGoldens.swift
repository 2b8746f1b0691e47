// Reviewed renderings of MarkdownFixture.elements. Regenerate with
// UPDATE_GOLDENS=1 swift test --filter MarkdownGoldenTests, then review the diff.
// "␛" stands for the escape character; each text ends with one more newline.

enum MarkdownGoldens {
    static let terminalPlain80 = ##"""
Processes and their exit codes
══════════════════════════════

A *process* is a running program with its **own memory**. Threads share one
address space; processes do not, which is why `MP.Process` has to copy what it
sends. Read the Python documentation
(https://docs.python.org/3/library/multiprocessing.html) or
https://example.org/guide for more.
This line follows a hard break, and ***both*** styles nest.

Starting a child
────────────────

1. Make a process with a target.
2. Call `start()`; the child begins running.
3. Call `join()` to wait for it.

• Tight bullet item
  ◦ nested item one
  ◦ nested item two, with enough words that it has to wrap at a narrow width
• Another item

 9. ninth
10. tenth

A loose list:

• First paragraph of a loose item.

  Second paragraph of the same item.

• Second loose item.

### What the parent sees

│ A block quote holds *advice*: exit codes are small numbers.
│
│ │ A nested quote.

    // Start one child and wait for it.
    let process = MP.Process(name: "worker") { code in
        print("child says \(code) and 0x1F")
    }
    try process.start()
    /* a block comment */
    let total = 3.5 + 42

    indented code block
    second line

╭─ The run is checked for:
│ # comments are ignored
│ CHECK: main started
│ CHECK-NEXT: child [[PID:[0-9]+]] exited with 0
╰─

┌────────────────────────────────┬────────────────────────────────┬────────────┐
│ how the child ended            │                      exit code │ *seen* by  │
├────────────────────────────────┼────────────────────────────────┼────────────┤
│ `run` returned                 │                            `0` │ the parent │
│ a signal killed it             │  `-N` for signal N: `-9` after │  **wait**  │
│                                │                       `kill()` │            │
│ it called `exit(3)` |          │                            `3` │            │
│ `_exit(3)`                     │                                │            │
└────────────────────────────────┴────────────────────────────────┴────────────┘

────────────────────────────────────────────────────────────────────────────────

[image: A diagram of a fork] (images/fork.png) and inline html and
AVeryLongWordThatIsLongerThanFortyColumnsForSure at the end.

<div class="note">
HTML block &amp; more
</div>

Text with <, > and & needs escaping in HTML; "quotes" too.

#### Fourth level heading
"""##

    static let terminalPlain40 = ##"""
Processes and their exit codes
══════════════════════════════

A *process* is a running program with
its **own memory**. Threads share one
address space; processes do not, which
is why `MP.Process` has to copy what it
sends. Read the Python documentation
(https://docs.python.org/3/library/multi
processing.html) or
https://example.org/guide for more.
This line follows a hard break, and
***both*** styles nest.

Starting a child
────────────────

1. Make a process with a target.
2. Call `start()`; the child begins
   running.
3. Call `join()` to wait for it.

• Tight bullet item
  ◦ nested item one
  ◦ nested item two, with enough words
    that it has to wrap at a narrow
    width
• Another item

 9. ninth
10. tenth

A loose list:

• First paragraph of a loose item.

  Second paragraph of the same item.

• Second loose item.

### What the parent sees

│ A block quote holds *advice*: exit
│ codes are small numbers.
│
│ │ A nested quote.

    // Start one child and wait for it.
    let process = MP.Process(name: 
    ↪ "worker") { code in
        print("child says \(code) and 
        ↪ 0x1F")
    }
    try process.start()
    /* a block comment */
    let total = 3.5 + 42

    indented code block
    second line

╭─ The run is checked for:
│ # comments are ignored
│ CHECK: main started
│ CHECK-NEXT: child [[PID:[0-9]+]] 
│ ↪ exited with 0
╰─

┌────────────┬────────────┬────────────┐
│ how the    │  exit code │ *seen* by  │
│ child      │            │            │
│ ended      │            │            │
├────────────┼────────────┼────────────┤
│ `run`      │        `0` │ the parent │
│ returned   │            │            │
│ a signal   │   `-N` for │  **wait**  │
│ killed it  │  signal N: │            │
│            │ `-9` after │            │
│            │   `kill()` │            │
│ it called  │        `3` │            │
│ `exit(3)`  │            │            │
│ |          │            │            │
│ `_exit(3)` │            │            │
└────────────┴────────────┴────────────┘

────────────────────────────────────────

[image: A diagram of a fork]
(images/fork.png) and inline html and
AVeryLongWordThatIsLongerThanFortyColumn
sForSure at the end.

<div class="note">
HTML block &amp; more
</div>

Text with <, > and & needs escaping in
HTML; "quotes" too.

#### Fourth level heading
"""##

    static let terminalColor80 = ##"""
␛[1mProcesses and their exit codes␛[0m
␛[1m══════════════════════════════␛[0m

A ␛[3mprocess␛[0m is a running program with its ␛[1mown memory␛[0m. Threads share one address
space; processes do not, which is why ␛[36mMP.Process␛[0m has to copy what it sends. Read
␛[4mthe Python documentation␛[0m
␛[2m(https://docs.python.org/3/library/multiprocessing.html)␛[0m or
␛[4mhttps://example.org/guide␛[0m for more.
This line follows a hard break, and ␛[1;3mboth␛[0m styles nest.

␛[1mStarting a child␛[0m
␛[2m────────────────␛[0m

1. Make a process with a target.
2. Call ␛[36mstart()␛[0m; the child begins running.
3. Call ␛[36mjoin()␛[0m to wait for it.

• Tight bullet item
  ◦ nested item one
  ◦ nested item two, with enough words that it has to wrap at a narrow width
• Another item

 9. ninth
10. tenth

A loose list:

• First paragraph of a loose item.

  Second paragraph of the same item.

• Second loose item.

␛[1;4mWhat the parent sees␛[0m

␛[2m│␛[0m A block quote holds ␛[3madvice␛[0m: exit codes are small numbers.
␛[2m│␛[0m
␛[2m│␛[0m ␛[2m│␛[0m A nested quote.

    ␛[2m// Start one child and wait for it.␛[0m
    ␛[35mlet␛[0m process = MP.Process(name: ␛[32m"worker"␛[0m) { code ␛[35min␛[0m
        print(␛[32m"child says \(code) and 0x1F"␛[0m)
    }
    ␛[35mtry␛[0m process.start()
    ␛[2m/* a block comment */␛[0m
    ␛[35mlet␛[0m total = ␛[33m3.5␛[0m + ␛[33m42␛[0m

    indented code block
    second line

␛[2m╭─␛[0m ␛[1mThe run is checked for:␛[0m
␛[2m│␛[0m ␛[2m# comments are ignored␛[0m
␛[2m│␛[0m ␛[36mCHECK:␛[0m main started
␛[2m│␛[0m ␛[36mCHECK-NEXT:␛[0m child [[PID:[0-9]+]] exited with 0
␛[2m╰─␛[0m

␛[2m┌──────────────────────────────┬──────────────────────────────────┬────────────┐␛[0m
␛[2m│␛[0m ␛[1mhow the child ended␛[0m          ␛[2m│␛[0m                        ␛[1mexit code␛[0m ␛[2m│␛[0m  ␛[1;3mseen␛[0m␛[1m by␛[0m   ␛[2m│␛[0m
␛[2m├──────────────────────────────┼──────────────────────────────────┼────────────┤␛[0m
␛[2m│␛[0m ␛[36mrun␛[0m returned                 ␛[2m│␛[0m                                ␛[36m0␛[0m ␛[2m│␛[0m the parent ␛[2m│␛[0m
␛[2m│␛[0m a signal killed it           ␛[2m│␛[0m ␛[36m-N␛[0m for signal N: ␛[36m-9␛[0m after ␛[36mkill()␛[0m ␛[2m│␛[0m    ␛[1mwait␛[0m    ␛[2m│␛[0m
␛[2m│␛[0m it called ␛[36mexit(3)␛[0m | ␛[36m_exit(3)␛[0m ␛[2m│␛[0m                                ␛[36m3␛[0m ␛[2m│␛[0m            ␛[2m│␛[0m
␛[2m└──────────────────────────────┴──────────────────────────────────┴────────────┘␛[0m

␛[2m────────────────────────────────────────────────────────────────────────────────␛[0m

␛[3m[image: A diagram of a fork]␛[0m ␛[2m(images/fork.png)␛[0m and inline html and
AVeryLongWordThatIsLongerThanFortyColumnsForSure at the end.

␛[2m<div class="note">␛[0m
␛[2mHTML block &amp; more␛[0m
␛[2m</div>␛[0m

Text with <, > and & needs escaping in HTML; "quotes" too.

␛[1mFourth level heading␛[0m
"""##

    static let html = ##"""
<h1 id="processes-and-their-exit-codes">Processes and their exit codes</h1>
<p>A <em>process</em> is a running program with its <strong>own memory</strong>. Threads share one
address space; processes do not, which is why <code>MP.Process</code> has to copy what
it sends. Read <a href="https://docs.python.org/3/library/multiprocessing.html" title="multiprocessing">the Python documentation</a>
or <a href="https://example.org/guide">https://example.org/guide</a> for more.<br />
This line follows a hard break, and <em><strong>both</strong></em> styles nest.</p>
<h2 id="starting-a-child">Starting a child</h2>
<ol>
<li>Make a process with a target.</li>
<li>Call <code>start()</code>; the child begins running.</li>
<li>Call <code>join()</code> to wait for it.</li>
</ol>
<ul>
<li>Tight bullet item
<ul>
<li>nested item one</li>
<li>nested item two, with enough words that it has to wrap at a narrow width</li>
</ul>
</li>
<li>Another item</li>
</ul>
<ol start="9">
<li>ninth</li>
<li>tenth</li>
</ol>
<p>A loose list:</p>
<ul>
<li>
<p>First paragraph of a loose item.</p>
<p>Second paragraph of the same item.</p>
</li>
<li>
<p>Second loose item.</p>
</li>
</ul>
<h3 id="what-the-parent-sees">What the parent sees</h3>
<blockquote>
<p>A block quote holds <em>advice</em>:
exit codes are small numbers.</p>
<blockquote>
<p>A nested quote.</p>
</blockquote>
</blockquote>
<pre><code class="language-swift">// Start one child and wait for it.
let process = MP.Process(name: &quot;worker&quot;) { code in
    print(&quot;child says \(code) and 0x1F&quot;)
}
try process.start()
/* a block comment */
let total = 3.5 + 42
</code></pre>
<pre><code>indented code block
second line
</code></pre>
<pre class="expect"><code># comments are ignored
CHECK: main started
CHECK-NEXT: child [[PID:[0-9]+]] exited with 0
</code></pre>
<table>
<thead>
<tr>
<th style="text-align:left">how the child ended</th>
<th style="text-align:right">exit code</th>
<th style="text-align:center"><em>seen</em> by</th>
</tr>
</thead>
<tbody>
<tr>
<td style="text-align:left"><code>run</code> returned</td>
<td style="text-align:right"><code>0</code></td>
<td style="text-align:center">the parent</td>
</tr>
<tr>
<td style="text-align:left">a signal killed it</td>
<td style="text-align:right"><code>-N</code> for signal N: <code>-9</code> after <code>kill()</code></td>
<td style="text-align:center"><strong>wait</strong></td>
</tr>
<tr>
<td style="text-align:left">it called <code>exit(3)</code> | <code>_exit(3)</code></td>
<td style="text-align:right"><code>3</code></td>
<td style="text-align:center"></td>
</tr>
</tbody>
</table>
<hr />
<p><img src="images/fork.png" alt="A diagram of a fork" title="fork" /> and <span>inline html</span> and
AVeryLongWordThatIsLongerThanFortyColumnsForSure at the end.</p>
<div class="note">
HTML block &amp; more
</div>
<!-- a comment the terminal hides -->
<p>Text with &lt;, &gt; and &amp; needs escaping in HTML; &quot;quotes&quot; too.</p>
<h4 id="fourth-level-heading">Fourth level heading</h4>
"""##

}
