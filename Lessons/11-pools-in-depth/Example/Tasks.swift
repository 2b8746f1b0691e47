import Glibc
import Multiprocessing

// region: square-and-say
/// Squares a number and says which worker did it.
enum SquareAndSay: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        say("\(me()) squares \(x)")
        return x * x
    }
}
// endregion: square-and-say

// region: add-one
/// As small as a task gets: one addition.
enum AddOne: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        x + 1
    }
}
// endregion: add-one

// region: initializer
/// The table each worker builds once, before its first task: every prime
/// below two million. (Each process has its own copy of this global.)
nonisolated(unsafe) var primeTable: Set<Int> = []

/// Runs once in each new worker: builds the table with a sieve.
enum BuildPrimeTable: MP.PoolInitializer {
    static func initialize() throws {
        let limit = 2_000_000
        var isComposite = [Bool](repeating: false, count: limit)
        var primes: [Int] = []
        for n in 2..<limit where !isComposite[n] {
            primes.append(n)
            for multiple in stride(from: n * n, to: limit, by: n) { isComposite[multiple] = true }
        }
        primeTable = Set(primes)
        say("\(me()): initializer ran, \(primeTable.count) primes in my table")
    }
}

/// Whether `n` is prime, looked up in the table the initializer built.
enum IsPrime: MP.PoolTask {
    static func run(_ n: Int) throws -> Bool {
        primeTable.contains(n)
    }
}
// endregion: initializer

// region: fragile
/// Squares its input, except 13: for it the worker kills its own process
/// with SIGKILL, the way a crash or the out-of-memory killer would end it.
enum Fragile: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 13 {
            say("\(me()): got 13, killing myself with SIGKILL")
            raise(SIGKILL)
        }
        nap(0.01)
        return x * x
    }
}
// endregion: fragile

// region: errors
/// An error that can travel: it is Codable, so it comes back as itself.
struct NotANumber: Error, Codable {
    var text: String
    var pid: Int32    // the worker that threw it
}

/// Reads a whole number, or throws `NotANumber`.
enum ParseNumber: MP.PoolTask {
    static func run(_ text: String) throws -> Int {
        guard let number = Int(text) else {
            say("\(me()): \"\(text)\" is not a number, throwing NotANumber")
            throw NotANumber(text: text, pid: getpid())
        }
        return number
    }
}

/// An error that cannot travel (it is not Codable).
struct OutOfCoffee: Error, CustomStringConvertible {
    var cups: Int
    var description: String { "no coffee left after \(cups) cups" }
}

/// Always throws `OutOfCoffee`.
enum Barista: MP.PoolTask {
    static func run(_ cups: Int) throws -> Int {
        throw OutOfCoffee(cups: cups)
    }
}
// endregion: errors

// region: max-tasks
/// How many tasks this worker process has run (each worker has its own).
nonisolated(unsafe) var tasksRunHere = 0

/// Says which worker runs it and how many tasks that worker has run.
enum CountedTask: MP.PoolTask {
    static func run(_ task: Int) throws -> Int32 {
        tasksRunHere += 1
        say("\(me()): task \(task), my task number \(tasksRunHere)")
        nap(0.02)
        return getpid()
    }
}
// endregion: max-tasks

// region: async-tasks
/// Sleeps for the given milliseconds, then returns them.
enum Sleepy: MP.PoolTask {
    static func run(_ milliseconds: Int) throws -> Int {
        nap(Double(milliseconds) / 1000)
        say("\(me()): slept \(milliseconds) ms")
        return milliseconds
    }
}

/// Squares a number, quietly.
enum Square: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        x * x
    }
}
// endregion: async-tasks
