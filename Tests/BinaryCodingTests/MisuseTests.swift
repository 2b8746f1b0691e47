import FoundationEssentials
import XCTest
@testable import BinaryCoding

/// Codable code that breaks the rules gets an error, never a trap or a corrupt message.
final class MisuseTests: XCTestCase {
    private func assertEncodingError<T: Encodable>(_ value: T, line: UInt = #line) {
        XCTAssertThrowsError(try BinaryEncoder().encode(value), line: line) { error in
            XCTAssertTrue(error is EncodingError, "\(error)", line: line)
        }
    }

    func testSingleValueEncodedTwice() {
        assertEncodingError(Misuse(kind: .twoSingleValues))
    }

    func testKeyedAndUnkeyedFromOneEncoder() {
        assertEncodingError(Misuse(kind: .keyedThenUnkeyed))
    }

    func testSingleValueAfterContainer() {
        assertEncodingError(Misuse(kind: .containerThenSingleValue))
    }

    func testEncoderKeptAfterItsValue() {
        assertEncodingError(Misuse(kind: .encoderKept))
    }

    func testContainerKeptAfterItsValue() {
        assertEncodingError(Misuse(kind: .containerKept))
    }

    func testChildWritesToItsParent() {
        assertEncodingError(Misuse(kind: .childWritesToParent))
    }

    func testErrorsFromValuesPassThrough() {
        XCTAssertThrowsError(try BinaryEncoder().encode(Misuse(kind: .throwsOwnError))) { error in
            XCTAssertEqual(error as? Oops, Oops())
        }
    }

    func testEncodingNothingGivesAnEmptyContainer() throws {
        let bytes = try BinaryEncoder().encode(Misuse(kind: .nothing))
        XCTAssertEqual(bytes, [BinaryTag.keyed.rawValue, 0])
        XCTAssertEqual(try BinaryEncoder().encode([Misuse(kind: .nothing)]), [BinaryTag.unkeyed.rawValue, 1, BinaryTag.keyed.rawValue, 0])
    }

    func testStaleDecoderFailsInsteadOfReadingFreedMemory() throws {
        let bytes = try BinaryEncoder().encode(["a": 1])
        let kept = try BinaryDecoder().decode(DecoderKeeper.self, from: bytes)
        XCTAssertThrowsError(try kept.decoder.container(keyedBy: NestingUser.CodingKeys.self))
        XCTAssertThrowsError(try kept.decoder.singleValueContainer().decode(Int.self))
        _ = kept.decoder.codingPath
    }
}

struct Oops: Error, Equatable {}

private final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

private struct Misuse: Encodable {
    enum Kind {
        case twoSingleValues, keyedThenUnkeyed, containerThenSingleValue, encoderKept, containerKept
        case childWritesToParent, throwsOwnError, nothing
    }
    var kind: Kind

    enum Keys: CodingKey { case a, b }

    /// Keeps whatever it is handed, to misuse it later.
    struct Keeper: Encodable {
        let encoderBox: Box<(any Encoder)?>
        let containerBox: Box<KeyedEncodingContainer<Keys>?>
        var parentBox: Box<KeyedEncodingContainer<Keys>?>?

        func encode(to encoder: any Encoder) throws {
            encoderBox.value = encoder
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            containerBox.value = container
            if var parent = parentBox?.value {
                try parent.encode(2, forKey: .b)
            }
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch kind {
        case .twoSingleValues:
            var container = encoder.singleValueContainer()
            try container.encode(1)
            try container.encode(2)
        case .keyedThenUnkeyed:
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode(1, forKey: .a)
            var unkeyed = encoder.unkeyedContainer()
            try unkeyed.encode(2)
        case .containerThenSingleValue:
            var keyed = encoder.container(keyedBy: Keys.self)
            try keyed.encode(1, forKey: .a)
            var single = encoder.singleValueContainer()
            try single.encode(2)
        case .encoderKept:
            let keeper = Keeper(encoderBox: Box(nil), containerBox: Box(nil))
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(keeper, forKey: .a)
            try container.encode(2, forKey: .b)
            var late = keeper.encoderBox.value!.unkeyedContainer()
            try late.encode(3)
        case .containerKept:
            let keeper = Keeper(encoderBox: Box(nil), containerBox: Box(nil))
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(keeper, forKey: .a)
            try container.encode(2, forKey: .b)
            try keeper.containerBox.value!.encode(3, forKey: .b)
        case .childWritesToParent:
            let container = encoder.container(keyedBy: Keys.self)
            let keeper = Keeper(encoderBox: Box(nil), containerBox: Box(nil), parentBox: Box(container))
            var mutable = container
            try mutable.encode(keeper, forKey: .a)
        case .throwsOwnError:
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(1, forKey: .a)
            throw Oops()
        case .nothing:
            break
        }
    }
}

private struct DecoderKeeper: Decodable {
    let decoder: any Decoder
    init(from decoder: any Decoder) throws { self.decoder = decoder }
}
