import FoundationEssentials
import XCTest
@testable import Multiprocessing

/// Compares BinaryEncoder/BinaryDecoder with JSONEncoder/JSONDecoder. Runs only when
/// BINCODER_BENCHMARK is set, and means something only in a release build:
///
///     BINCODER_BENCHMARK=1 swift test -c release -Xswiftc -enable-testing --filter BenchmarkTests
final class BenchmarkTests: XCTestCase {
    func testSpeedAgainstJSON() throws {
        guard ProcessInfo.processInfo.environment["BINCODER_BENCHMARK"] != nil else {
            throw XCTSkip("set BINCODER_BENCHMARK=1 and build for release to run")
        }
        try compare("Int", 123_456, iterations: 200_000)
        try compare("3-field struct", Point(x: 42, y: 2.5, label: "hello"), iterations: 200_000)
        try compare("1 KiB String", String(repeating: "abcdefgh", count: 128), iterations: 100_000)
        try compare("[Int] of 1000", Array(0..<1000), iterations: 2_000)
        try compare("[UInt8] of 64 KiB", [UInt8](repeating: 7, count: 65_536), iterations: 20)
        var nested = Nested.sample
        nested.points[1].y = 1 // JSON has no infinity
        try compare("Nested.sample", nested, iterations: 20_000)
    }

    private func compare<T: Codable & Equatable>(_ name: String, _ value: T, iterations: Int) throws {
        // BINCODER_BENCHMARK=<name> runs just that case (for profiling).
        guard let only = ProcessInfo.processInfo.environment["BINCODER_BENCHMARK"], only == "1" || only == name else { return }
        let binaryEncoder = BinaryEncoder()
        let binaryDecoder = BinaryDecoder()
        let jsonEncoder = JSONEncoder()
        let jsonDecoder = JSONDecoder()
        let binary = try binaryEncoder.encode(value)
        let json = try jsonEncoder.encode(value)
        XCTAssertEqual(try binaryDecoder.decode(T.self, from: binary), value)

        let binaryEncode = try measure(iterations) { _ = try binaryEncoder.encode(value) }
        let binaryDecode = try measure(iterations) { _ = try binaryDecoder.decode(T.self, from: binary) }
        let jsonEncode = try measure(iterations) { _ = try jsonEncoder.encode(value) }
        let jsonDecode = try measure(iterations) { _ = try jsonDecoder.decode(T.self, from: json) }
        func format(_ nanoseconds: Double) -> String {
            let text = String(Int(nanoseconds.rounded()))
            return String(repeating: " ", count: max(0, 9 - text.count)) + text
        }
        print("""
            \(name): binary \(binary.count) B, JSON \(json.count) B (ns per operation)
                         encode   decode   both
              binary  \(format(binaryEncode))\(format(binaryDecode))\(format(binaryEncode + binaryDecode))
              JSON    \(format(jsonEncode))\(format(jsonDecode))\(format(jsonEncode + jsonDecode))
              speed-up \(((jsonEncode + jsonDecode) / (binaryEncode + binaryDecode) * 10).rounded() / 10)x
            """)
    }

    /// The best of five runs, in nanoseconds per iteration.
    private func measure(_ iterations: Int, _ body: () throws -> Void) throws -> Double {
        var best = Double.infinity
        for _ in 0..<5 {
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<iterations { try body() }
            let elapsed = clock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, nanoseconds / Double(iterations))
        }
        return best
    }
}
