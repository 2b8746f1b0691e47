import FoundationEssentials
import XCTest
@testable import BinaryCoding

final class HostileInputTests: XCTestCase {
    private let decoder = BinaryDecoder()

    private func assertThrowsDecodingError<T: Decodable>(
        _ type: T.Type,
        _ bytes: [UInt8],
        file: StaticString = #filePath,
        line: UInt = #line,
        _ check: (DecodingError) -> Void = { _ in }
    ) {
        do {
            let value = try decoder.decode(type, from: bytes)
            XCTFail("decoded \(value) from \(bytes.prefix(32))", file: file, line: line)
        } catch let error as DecodingError {
            check(error)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    private func debugDescription(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context),
             .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription
        @unknown default:
            return ""
        }
    }

    func testTruncationAtEveryOffsetThrows() throws {
        func check<T: Codable>(_ value: T) throws {
            let bytes = try BinaryEncoder().encode(value)
            for end in 0..<bytes.count {
                assertThrowsDecodingError(T.self, Array(bytes[..<end]))
            }
        }
        try check(Nested.sample)
        try check([Value.int(5), .string("foo"), .none, .list([.int(300)])])
        try check(Point(x: -12345, y: .pi, label: "label"))
        try check(AllIntegers.maximum)
        try check("ünïcødé")
        try check(Int.min)
        try check(Data(repeating: 1, count: 200))
        try check(Array(0..<300))
        try check([1: [2: [3: "deep"]]])
        try check(Dog(name: "Rex", goodBoy: true))
    }

    func testTrailingBytesThrow() throws {
        for value in [try BinaryEncoder().encode(1), try BinaryEncoder().encode(Point(x: 1, y: 2, label: "")), [0x00]] {
            assertThrowsDecodingError(Int?.self, value + [0x00]) { error in
                XCTAssertTrue(self.debugDescription(error).contains("unexpected bytes"), "\(error)")
            }
        }
        assertThrowsDecodingError(Point.self, try BinaryEncoder().encode(Point(x: 1, y: 2, label: "")) + [0x00])
    }

    func testEmptyInputThrows() {
        assertThrowsDecodingError(Int?.self, [])
        assertThrowsDecodingError(Empty.self, [])
    }

    func testHugeClaimedLengthsThrowBeforeAllocating() {
        let huge: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10] // 2^60
        let maximal: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] // 2^64 - 1
        for length in [huge, maximal, [0x05]] {
            assertThrowsDecodingError([Int].self, [BinaryTag.unkeyed.rawValue] + length + [0x03, 0x00])
            assertThrowsDecodingError([String: Int].self, [BinaryTag.keyed.rawValue] + length + [0x00, 0x00])
            assertThrowsDecodingError(String.self, [BinaryTag.string.rawValue] + length + [0x61])
            assertThrowsDecodingError([UInt8].self, [BinaryTag.bytes.rawValue] + length + [0x61])
            assertThrowsDecodingError(Data.self, [BinaryTag.bytes.rawValue] + length)
            // A key's length too.
            assertThrowsDecodingError([String: Int].self, [BinaryTag.keyed.rawValue, 0x01] + length + [0x03, 0x00])
        }
        // Keyed entries take at least two bytes each.
        assertThrowsDecodingError([String: Bool].self, [BinaryTag.keyed.rawValue, 0x02, 0x00, 0x01, 0x00])
    }

    func testOverlongVarintsThrow() {
        assertThrowsDecodingError(UInt64.self, [BinaryTag.unsigned.rawValue] + Array(repeating: 0xFF, count: 10) + [0x01])
        assertThrowsDecodingError(UInt64.self, [BinaryTag.unsigned.rawValue] + Array(repeating: 0xFF, count: 9) + [0x02])
        assertThrowsDecodingError(UInt64.self, [BinaryTag.unsigned.rawValue] + Array(repeating: 0x80, count: 40))
        XCTAssertEqual(try decoder.decode(UInt64.self, from: [BinaryTag.unsigned.rawValue] + Array(repeating: 0xFF, count: 9) + [0x01]), .max)
    }

    func testDeepNestingThrows() throws {
        for tag in [BinaryTag.unkeyed, .keyed] {
            let depth = BinaryFormat.maximumDepth + 1
            var bytes: [UInt8] = []
            for _ in 0..<depth {
                bytes += tag == .unkeyed ? [tag.rawValue, 1] : [tag.rawValue, 1, 1, 0x6B]
            }
            bytes += [BinaryTag.null.rawValue]
            assertThrowsDecodingError(Value.self, bytes) { error in
                XCTAssertTrue(self.debugDescription(error).contains("nested more than"), "\(error)")
            }
            // Claimed depth with nothing behind it.
            assertThrowsDecodingError(Value.self, Array(bytes.prefix(2 * 100_000)))
        }
        // A million opening brackets: rejected at the limit, without exhausting the stack.
        assertThrowsDecodingError(Value.self, Array(repeating: [BinaryTag.unkeyed.rawValue, 1], count: 1_000_000).flatMap { $0 })
    }

    func testSkippingLargeValuesInRecursiveTypesStaysLinear() throws {
        // Each level looks up `tail` after `child`, so it skips everything below it.
        // Walking that again at every level would take 400 × 200 000 steps.
        var node = Node(child: nil, numbers: Array(0..<200_000), tail: "leaf")
        for level in 0..<400 { node = Node(child: node, numbers: [], tail: "\(level)") }
        let bytes = try BinaryEncoder().encode(node)
        let clock = ContinuousClock()
        let start = clock.now
        let copy = try BinaryDecoder().decode(Node.self, from: bytes)
        XCTAssertLessThan(clock.now - start, .seconds(2))
        XCTAssertEqual(copy, node)
    }

    func testEncodingTooDeepThrows() {
        var value = Value.int(1)
        for _ in 0...BinaryFormat.maximumDepth { value = .list([value]) }
        XCTAssertThrowsError(try BinaryEncoder().encode(value)) { error in
            XCTAssertTrue(error is EncodingError, "\(error)")
        }
        XCTAssertThrowsError(try BinaryEncoder().encode(Chain.make(depth: BinaryFormat.maximumDepth - 1))) { error in
            XCTAssertTrue(error is EncodingError, "\(error)")
        }
    }

    func testUnknownTagsThrow() {
        for tag in UInt8(0x0B)...0xFF {
            assertThrowsDecodingError(Value.self, [tag])
            assertThrowsDecodingError([Value].self, [BinaryTag.unkeyed.rawValue, 1, tag])
        }
    }

    func testInvalidUTF8Throws() {
        for invalid: [UInt8] in [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF0, 0x9F, 0x98], [0x61, 0x80]] {
            assertThrowsDecodingError(String.self, [BinaryTag.string.rawValue, UInt8(invalid.count)] + invalid) { error in
                XCTAssertTrue(self.debugDescription(error).contains("UTF-8"), "\(error)")
            }
            // Invalid keys are left out of allKeys rather than trusted.
            let keyed = [BinaryTag.keyed.rawValue, 1, UInt8(invalid.count)] + invalid + [BinaryTag.true.rawValue]
            XCTAssertEqual(try decoder.decode([String: Bool].self, from: keyed), [:])
        }
    }

    func testOutOfRangeIntegersThrow() throws {
        func check<T: Decodable>(_ value: some Encodable, as type: T.Type, line: UInt = #line) throws {
            assertThrowsDecodingError(type, try BinaryEncoder().encode(value), line: line) { error in
                guard case .dataCorrupted = error else { return XCTFail("\(error)", line: line) }
                XCTAssertTrue(self.debugDescription(error).contains("does not fit"), "\(error)", line: line)
            }
        }
        try check(300, as: UInt8.self)
        try check(-1, as: UInt.self)
        try check(-1, as: UInt64.self)
        try check(128, as: Int8.self)
        try check(-129, as: Int8.self)
        try check(Int(Int32.max) + 1, as: Int32.self)
        try check(UInt64.max, as: Int64.self)
        try check(UInt64.max, as: Int.self)
        try check(UInt(UInt32.max) + 1, as: UInt32.self)
        try check(70_000, as: UInt16.self)
        try check(["x": 300], as: [String: UInt8].self)
        try check([1, 1000], as: [Int8].self)
        try check(1e300, as: Float.self)
        try check(0.1, as: Float.self)
    }

    func testWrongTypesThrow() throws {
        let encoder = BinaryEncoder()
        assertThrowsDecodingError(String.self, try encoder.encode(5)) { error in
            guard case .typeMismatch = error else { return XCTFail("\(error)") }
        }
        assertThrowsDecodingError(Int.self, try encoder.encode(Int?.none)) { error in
            guard case .valueNotFound = error else { return XCTFail("\(error)") }
        }
        assertThrowsDecodingError(Point.self, try encoder.encode(["x": 1])) { error in
            guard case .keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "y")
        }
        assertThrowsDecodingError(Point.self, try encoder.encode(["x": "1", "y": "2", "label": "3"])) { error in
            guard case .typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["x"])
        }
        assertThrowsDecodingError([Point].self, try encoder.encode([["x": 1]])) { error in
            guard case .keyNotFound(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["Index 0"])
        }
        assertThrowsDecodingError([Int].self, try encoder.encode(["a": 1]))
        assertThrowsDecodingError([Int].self, try encoder.encode([UInt64.max]))
        assertThrowsDecodingError([Int].self, try encoder.encode([UInt8]([1])))
        assertThrowsDecodingError([Double].self, try encoder.encode([1]))
        assertThrowsDecodingError([String: [String]].self, try encoder.encode(["k": ["a", nil]])) { error in
            guard case .valueNotFound(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["k", "Index 1"])
        }
        assertThrowsDecodingError([String: Int].self, try encoder.encode([1]))
        assertThrowsDecodingError(Bool.self, try encoder.encode(1))
        assertThrowsDecodingError(Double.self, try encoder.encode("1.0"))
        assertThrowsDecodingError(Int.self, try encoder.encode(1.0))
        assertThrowsDecodingError([Int].self, try encoder.encode([1, 2, 3]).dropLast(2) + [0x07, 0x00])
        assertThrowsDecodingError(Shape.self, try encoder.encode(["circle": 1, "nothing": 2]))
        assertThrowsDecodingError([UInt8].self, try encoder.encode("bytes"))
        assertThrowsDecodingError(Data.self, try encoder.encode(Int?.none))
        // Reading past the end of an unkeyed container.
        assertThrowsDecodingError(Point.self, try encoder.encode([1, 2])) { error in
            guard case .typeMismatch = error else { return XCTFail("\(error)") }
        }
        assertThrowsDecodingError(TwoInts.self, try encoder.encode([1])) { error in
            guard case .valueNotFound = error else { return XCTFail("\(error)") }
        }
    }

    func testErrorsNameWhereTheyHappened() throws {
        var bytes = try BinaryEncoder().encode(["outer": [1, 2, 3]])
        bytes[bytes.count - 2] = 0x42 // the tag of the last element
        assertThrowsDecodingError([String: [Int]].self, bytes) { error in
            guard case .dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["outer", "Index 2"])
            XCTAssertTrue(context.debugDescription.contains("0x42"), context.debugDescription)
        }
    }

    func testRandomGarbageNeverCrashes() {
        var generator = SplitMix64(state: 0x5EED)
        var decoded = 0
        for round in 0..<4000 {
            let count = Int.random(in: 0...48, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Bias towards valid tags so the decoders get past the first byte.
            for index in bytes.indices where Bool.random(using: &generator) {
                bytes[index] %= 0x0C
            }
            decoded += attemptAll(bytes, round: round).successes
        }
        XCTAssertGreaterThan(decoded, 0)
    }

    func testMutatedMessagesNeverCrash() throws {
        var generator = SplitMix64(state: 42)
        let samples: [[UInt8]] = [
            try BinaryEncoder().encode(Nested.sample),
            try BinaryEncoder().encode([Value.int(5), .string("foo"), .none, .list([.int(1), .string("")])]),
            try BinaryEncoder().encode(AllIntegers.maximum),
            try BinaryEncoder().encode([1: [2: "x"]]),
            try BinaryEncoder().encode(Dog(name: "Rex", goodBoy: true)),
            try BinaryEncoder().encode(NestingUser(order: .interleaved, numbers: [1, 2, 3])),
            try BinaryEncoder().encode(["a", "b"]),
            try BinaryEncoder().encode(Chain.make(depth: 3)),
        ]
        for round in 0..<3000 {
            var bytes = samples[round % samples.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: bytes.indices, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                default: bytes.insert(UInt8.random(in: 0...0x0B, using: &generator), at: index)
                }
            }
            let outcome = attemptAll(bytes, round: round)
            successes += outcome.successes
            failures += outcome.failures
        }
        // Every attempt either decoded or threw a DecodingError with a
        // message (attemptAll fails the test otherwise); both must happen,
        // or the mutations test nothing.
        XCTAssertEqual(successes + failures, 3000 * 21)
        XCTAssertGreaterThan(failures, 3000 * 10, "most mutated messages must be rejected")
        XCTAssertGreaterThan(successes, 0, "some mutations (a changed value) still decode")
    }
    private var successes = 0
    private var failures = 0

    /// Decodes `bytes` as several types; how many succeeded and how many
    /// threw a `DecodingError` that says what was wrong.
    private func attemptAll(_ bytes: [UInt8], round: Int) -> (successes: Int, failures: Int) {
        var successes = 0
        var failures = 0
        func attempt<T: Decodable>(_ type: T.Type) {
            do {
                _ = try decoder.decode(type, from: bytes)
                successes += 1
            } catch let error as DecodingError {
                failures += 1
                let context: DecodingError.Context?
                switch error {
                case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): context = c
                @unknown default: context = nil
                }
                XCTAssertFalse(context?.debugDescription.isEmpty ?? true, "round \(round): \(T.self): a DecodingError without a message")
            } catch {
                XCTFail("round \(round): \(error) is not a DecodingError")
            }
        }
        attempt(Value.self)
        attempt(Int.self)
        attempt(String?.self)
        attempt([Int?].self)
        attempt([String: [Int]].self)
        attempt([Int: String].self)
        attempt(Point.self)
        attempt(Shape.self)
        attempt(Nested.self)
        attempt(AllIntegers.self)
        attempt(Dog.self)
        attempt(Data.self)
        attempt([UInt8].self)
        attempt([Float].self)
        attempt([Int].self)
        attempt([Double].self)
        attempt([String].self)
        attempt(Optionals.self)
        attempt(Chain.self)
        attempt(Node.self)
        attempt(Cat.self)
        return (successes, failures)
    }
}

private struct TwoInts: Decodable {
    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        _ = try container.decode(Int.self)
        _ = try container.decode(Int.self)
    }
}

private final class Node: Codable, Equatable {
    let child: Node?
    let numbers: [Int]
    let tail: String

    init(child: Node?, numbers: [Int], tail: String) {
        self.child = child
        self.numbers = numbers
        self.tail = tail
    }

    static func == (lhs: Node, rhs: Node) -> Bool {
        var left: Node? = lhs, right: Node? = rhs
        while let l = left, let r = right {
            guard l.numbers == r.numbers, l.tail == r.tail else { return false }
            left = l.child
            right = r.child
        }
        return left == nil && right == nil
    }
}
