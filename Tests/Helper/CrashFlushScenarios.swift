import Glibc
import Multiprocessing

/// Prints with plain `print` (no flush), then traps: a Swift runtime error.
enum PrintsThenTraps: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        print("child.line=printed before the trap")
        let numbers = [1, 2, 3]
        _ = numbers[numbers.count + Int(getpid() % 1)]  // out of range: the runtime traps
    }
}

/// Lines printed but not flushed survive a crash, in a child and in the
/// program itself.
let crashFlushScenarios: [(String, Scenario)] = [
    ("crash-flush", { _, context in
        let child = context.process(target: PrintsThenTraps.self)
        try child.start()
        try child.join()
        print("child.exitCode=\(child.exitCode ?? 0)")
        print("main.line=printed before the main program's own trap")
        let numbers = [1, 2, 3]
        _ = numbers[numbers.count + Int(getpid() % 1)]
    }),
]
