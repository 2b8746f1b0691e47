@testable import BinaryCoding
import XCTest

/// The fast path must write exactly the general coder's bytes and read
/// exactly what the general coder reads.
final class ScalarFastPathTests: XCTestCase {
    /// What the core's wire coding does: the fast path, else the general decoder.
    func viaWire<Value: Decodable>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer) throws -> Value {
        try ScalarFastPath.decode(type, from: bytes) ?? BinaryDecoder().decode(type, from: bytes)
    }

    func check<Value: Codable & Equatable>(_ value: Value, file: StaticString = #filePath, line: UInt = #line) throws {
        let general = try BinaryEncoder().encode(value)
        XCTAssertEqual(ScalarFastPath.encode(value), general, "\(value)", file: file, line: line)
        let fast = general.withUnsafeBytes { ScalarFastPath.decode(Value.self, from: $0) }
        XCTAssertEqual(fast, value, file: file, line: line)
        let wire = try general.withUnsafeBytes { try viaWire(Value.self, from: $0) }
        XCTAssertEqual(wire, value, file: file, line: line)
    }

    func testSameBytesAsTheGeneralCoder() throws {
        for number in [0, 1, -1, 63, -64, 64, 127, 128, -129, 300, Int.max, Int.min, 1 << 40, -(1 << 40)] {
            try check(number)
            try check(Optional(number))
        }
        try check(Int?.none)
        for number in [0.0, -0.0, 3.1415927, .infinity, -.infinity, .leastNonzeroMagnitude, 1e300] {
            try check(number)
        }
        for text in ["", "DONE", "héllo 🌍", String(repeating: "x", count: 300)] {
            try check(text)
        }
    }

    func testOtherTypesAreLeftToTheGeneralCoder() {
        XCTAssertNil(ScalarFastPath.encode(Int32(1)))
        XCTAssertNil(ScalarFastPath.encode([1, 2]))
        XCTAssertNil(ScalarFastPath.encode(Optional("text")))
    }

    func testUnusualInputFallsBackInsteadOfGuessing() throws {
        // An unsigned-tagged number: the general decoder accepts it for Int.
        let unsigned: [UInt8] = [BinaryTag.unsigned.rawValue, 5]
        XCTAssertNil(unsigned.withUnsafeBytes { ScalarFastPath.decode(Int.self, from: $0) })
        XCTAssertEqual(try unsigned.withUnsafeBytes { try viaWire(Int.self, from: $0) }, 5)
        // An overlong varint: the fast path leaves it to the general decoder, which reads 0.
        let overlong: [UInt8] = [0x03, 0x80, 0x00]
        XCTAssertNil(overlong.withUnsafeBytes { ScalarFastPath.decode(Int.self, from: $0) })
        XCTAssertEqual(try overlong.withUnsafeBytes { try viaWire(Int.self, from: $0) }, 0)
        // Trailing bytes, truncation, bad UTF-8 and overlong varints are errors the general decoder explains.
        for bad: [UInt8] in [[0x03, 0x02, 0x00], [0x03, 0x80], [0x07, 0x01, 0xFF], [0x06, 1, 2]] {
            XCTAssertThrowsError(try bad.withUnsafeBytes { try viaWire(Int.self, from: $0) }, "\(bad)")
            XCTAssertThrowsError(try bad.withUnsafeBytes { try viaWire(String.self, from: $0) }, "\(bad)")
        }
    }
}
