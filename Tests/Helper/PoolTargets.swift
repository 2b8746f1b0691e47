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

enum Power: MP.PoolPairTask {
    static func run(_ base: Int, _ exponent: Int) throws -> Int {
        (0..<exponent).reduce(1) { product, _ in product * base }
    }
}

/// Counts how many times the initializer ran in this worker.
nonisolated(unsafe) var initializerRuns = 0

enum CountingInitializer: MP.PoolInitializer {
    static func initialize() throws { initializerRuns += 1 }
}

enum FailingInitializer: MP.PoolInitializer {
    static func initialize() throws { throw HelperFailure(message: "cannot start") }
}

/// Reports how many times this worker's initializer ran.
enum InitializerRuns: MP.PoolTask {
    static func run(_: Int) throws -> Int { initializerRuns }
}

/// Input 0 fails at once; the others take 400 ms.
enum SlowOrFail: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 0 { throw TaskRefusal(input: 0) }
        usleep(400_000)
        return x
    }
}

/// An output that refuses to be encoded when its value is 2.
struct MaybeEncodable: Codable {
    var value: Int

    init(value: Int) { self.value = value }

    init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int.self)
    }

    func encode(to encoder: any Encoder) throws {
        if value == 2 {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "2 is never encodable"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

enum SometimesUnencodable: MP.PoolTask {
    static func run(_ x: Int) throws -> MaybeEncodable { MaybeEncodable(value: x) }
}

/// Ends its worker with exit(3) on input 4.
enum Quitter: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 4 { exit(3) }
        return x
    }
}
