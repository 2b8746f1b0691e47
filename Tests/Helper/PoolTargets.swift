import Glibc
import Multiprocessing

enum Square: MP.PoolTask {
    static func run(_ x: Int) throws -> Int { x * x }
}

enum Cube: MP.PoolTask {
    static func run(_ x: Int) throws -> Int { x * x * x }
}

/// A Codable error, which comes back to the caller as itself.
struct TaskRefusal: Error, Codable, Equatable {
    var input: Int
}

/// A non-Codable error, which comes back as MP.RemoteError.
struct OpaqueFailure: Error, CustomStringConvertible {
    var description: String { "opaque failure" }
}

/// Throws for 3 (a Codable error) and 5 (a plain one).
enum Picky: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 3 { throw TaskRefusal(input: x) }
        if x == 5 { throw OpaqueFailure() }
        return x
    }
}

/// Kills its own worker with SIGKILL on input 7.
enum Fatal: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 7 { kill(getpid(), SIGKILL) }
        return x * 2
    }
}

/// Sleeps `x` milliseconds and returns its worker's pid.
enum Nap: MP.PoolTask {
    static func run(_ milliseconds: Int) throws -> Int32 {
        usleep(UInt32(milliseconds) * 1000)
        return getpid()
    }
}
