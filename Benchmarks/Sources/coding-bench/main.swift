// Compares the core's binary coder (BinaryCoding) with Foundation's
// JSONEncoder and binary PropertyListEncoder on the messages the library
// sends: the values a pool task carries and returns, the spec a spawned
// child reads first, and the items a manager stores and hands back. Their
// envelopes are written here as Codable structs with the same fields as
// the core's own (which use a flat layout of their own); the values inside
// are what the course's chapters send.
//
//     Benchmarks/coding/run      (builds for release, then runs this)
//
// Prints, for each message: its size in each coding, the median time of an
// encode plus a decode over 7 rounds, and how many times faster we are.
import BinaryCoding
import Foundation

/// A pool's request: one chunk of tasks for a worker.
struct TaskChunk: Codable, Equatable {
    var job: UInt64
    var firstIndex: Int
    var arguments: [Int]
}

/// A pool's reply: the results of one chunk, or the error one task threw.
struct ResultChunk: Codable, Equatable {
    var job: UInt64
    var firstIndex: Int
    var results: [Int]
    var failure: String?
}

/// What a spawned or forkserver child reads before anything else.
struct ChildSpec: Codable, Equatable {
    struct Parent: Codable, Equatable {
        var name: String
        var pid: Int32
    }
    var typeName: String
    var argument: [UInt8]
    var name: String
    var identity: [Int]
    var daemon: Bool
    var parent: Parent
    var method: String
    var defaultStartMethod: String?
    var descriptorCount: Int
    var tracked: Bool
}

/// A manager's request and its reply: an operation on an object, with the
/// items already encoded by the caller.
struct ManagerCall: Codable, Equatable {
    var operation: UInt8
    var object: UInt64
    var items: [[UInt8]]
}

/// Chapter 8's `[5, 'foo', None]`, as a Swift enum.
enum Item: Codable, Equatable {
    case number(Int)
    case text(String)
    case nothing
}

func encoded<Value: Encodable>(_ value: Value) throws -> [UInt8] {
    try BinaryEncoder().encode(value)
}

/// Nanoseconds per encode plus decode: the median of 7 rounds.
func nanoseconds(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    var rounds: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<7 {
        let start = clock.now
        for _ in 0..<iterations { try body() }
        let elapsed = clock.now - start
        rounds.append((Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations))
    }
    return rounds.sorted()[3]
}

func compare<Value: Codable & Equatable>(_ name: String, _ value: Value, iterations: Int) throws {
    let binaryEncoder = BinaryEncoder(), binaryDecoder = BinaryDecoder()
    let jsonEncoder = JSONEncoder(), jsonDecoder = JSONDecoder()
    let plistEncoder = PropertyListEncoder(), plistDecoder = PropertyListDecoder()
    plistEncoder.outputFormat = .binary
    // A property list's top level must be a container, so single values
    // travel in a one-element array there (as a message would).
    let binary = try binaryEncoder.encode(value)
    let json = try jsonEncoder.encode(value)
    let plist = try plistEncoder.encode([value])
    guard try binaryDecoder.decode(Value.self, from: binary) == value, try jsonDecoder.decode(Value.self, from: json) == value,
          try plistDecoder.decode([Value].self, from: plist) == [value] else {
        fatalError("\(name) did not survive a round trip")
    }
    let ours = try nanoseconds(iterations) { _ = try binaryDecoder.decode(Value.self, from: try binaryEncoder.encode(value)) }
    let viaJSON = try nanoseconds(iterations) { _ = try jsonDecoder.decode(Value.self, from: try jsonEncoder.encode(value)) }
    let viaPlist = try nanoseconds(iterations) { _ = try plistDecoder.decode([Value].self, from: try plistEncoder.encode([value])) }
    func column(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    func ratio(_ theirs: Double) -> String { String(format: "%.1fx", theirs / ours) }
    print(column(name, 28), column("\(binary.count)", 7), column("\(json.count)", 7), column("\(plist.count)", 7),
          column(String(format: "%.0f", ours), 9), column(String(format: "%.0f", viaJSON), 9),
          column(String(format: "%.0f", viaPlist), 9), column(ratio(viaJSON), 8), column(ratio(viaPlist), 8))
}

print(String(repeating: " ", count: 17), "bytes: binary   JSON  plist   ns: binary     JSON    plist  vs JSON vs plist")
try compare("pool task, chunk of 1", TaskChunk(job: 7, firstIndex: 41, arguments: [41]), iterations: 20_000)
try compare("pool task, chunk of 100", TaskChunk(job: 7, firstIndex: 0, arguments: Array(0..<100)), iterations: 5_000)
try compare("pool reply, chunk of 1", ResultChunk(job: 7, firstIndex: 41, results: [1681], failure: nil), iterations: 20_000)
try compare("pool reply, chunk of 100", ResultChunk(job: 7, firstIndex: 0, results: (0..<100).map { $0 * $0 }, failure: nil),
            iterations: 5_000)
try compare("spawned child's spec", ChildSpec(
    typeName: "14lesson_10_pools6SquareV", argument: encoded(5), name: "PoolWorker-3", identity: [3], daemon: true,
    parent: .init(name: "MainProcess", pid: 4242), method: "spawn", defaultStartMethod: "spawn", descriptorCount: 2,
    tracked: true), iterations: 10_000)
try compare("manager: list append 42", ManagerCall(operation: 4, object: 1, items: [encoded(42)]), iterations: 20_000)
try compare("manager: queue put Hi There", ManagerCall(operation: 15, object: 2, items: [encoded("Hi There")]), iterations: 20_000)
try compare("manager: list of 100 squares", ManagerCall(operation: 11, object: 1, items: (0..<100).map { try encoded($0 * $0) }),
            iterations: 2_000)
try compare("[5, \"foo\", nil]", [Item.number(5), .text("foo"), .nothing], iterations: 10_000)
