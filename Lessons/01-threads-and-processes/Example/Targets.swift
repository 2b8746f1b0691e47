import Glibc
import Multiprocessing

// region: pool-task
/// The same work as a pool task: a top-level type a worker process can find
/// by name. Its input (`n`) and output (the sum) cross between processes.
enum SumOfPrimes: MP.PoolTask {
    static func run(_ n: Int) throws -> Int {
        sumOfPrimes(below: n)
    }
}
// endregion: pool-task

// region: crash-target
/// A child that crashes for real: reading past the end of an array stops a
/// Swift program with a signal.
enum ReadPastTheEnd: MP.ProcessTarget {
    static func run(_ index: Int) throws {
        // Swift's crash reporter would print a long backtrace on standard
        // error; give the signal its default action so the report stays short.
        signal(SIGILL, SIG_DFL)
        signal(SIGTRAP, SIG_DFL)
        let numbers = [1, 2, 3]
        print(numbers[index])
    }
}
// endregion: crash-target

// region: do-nothing
/// A child that does nothing, to time what starting a process costs.
enum DoNothing: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {}
}
// endregion: do-nothing
