import Foundation
import Multiprocessing

// Exercise 3: named targets. The task is in exercise.md
// (`workbook read --exercise 3`); grade with `workbook grade 3`.

MP.bootstrap()

// region: helpers
/// How many steps the Collatz rule (halve an even number, turn an odd one
/// into 3n + 1) takes to bring `n`, at least 1, down to 1.
func collatzSteps(_ n: Int) -> Int {
    var value = n
    var steps = 0
    while value != 1 {
        value = value % 2 == 0 ? value / 2 : 3 * value + 1
        steps += 1
    }
    return steps
}

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: helpers

// The numbers come from the command line; the graded run passes
// 27 6 97 1 871 12 703.
var numbers: [Int] = []
for word in CommandLine.arguments.dropFirst() {
    guard let number = Int(word), number >= 1 else {
        FileHandle.standardError.write(Data("not a whole number of at least 1: \(word)\n".utf8))
        exit(64)
    }
    numbers.append(number)
}

// region: starter
say("main: pid \(getpid()), numbers \(numbers)")
for (index, method) in [MP.StartMethod.spawn, .fork, .forkserver].enumerated() {
    // This child's share: every third number, from the index-th on.
    let share = stride(from: index, to: numbers.count, by: 3).map { numbers[$0] }

    // TODO: this child runs a closure, and only fork can carry a closure
    // into a child: under spawn and forkserver, start() throws. Turn the
    // closure's work into a named target (a top-level type conforming to
    // MP.ProcessTarget), hand it everything it needs in its argument, and
    // start it with MP.context(method).process(target:argument:).
    let child = MP.context(method).process {
        say("\(method) child: pid \(getpid()), parent \(MP.parentProcess?.pid ?? -1), numbers \(share)")
        for n in share {
            say("\(method) child: \(n) takes \(collatzSteps(n)) steps to reach 1")
        }
    }

    do {
        try child.start()
        try child.join()
        say("main: the \(method) child ended with exit code \(child.exitCode ?? 99)")
    } catch {
        say("main: the \(method) child could not start: \(error)")
    }
}
// endregion: starter
