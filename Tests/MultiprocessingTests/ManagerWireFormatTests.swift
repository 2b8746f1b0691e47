import BinaryCoding
@testable import Multiprocessing
import XCTest

/// The managers' flat request and reply layout: every operation survives a
/// round trip, and anything cut short or mangled throws instead of trapping.
final class ManagerWireFormatTests: XCTestCase {
    private let operations: [ManagerOperation] = [
        .create(ObjectSpec(kind: .queue, items: [[1], []], keys: [[2, 3]], maxSize: 5)),
        .call(name: "getQueue"), .release, .append([1, 2]), .extend([[1], [2, 3]]), .insert(-2, [4]),
        .get(index: -1), .set(index: 3, [5]), .remove(index: 0), .count, .all, .lookup(key: [6]),
        .store(key: [7], [8]), .delete(key: [9]), .put([10], timeout: nil), .put([], timeout: 0.25),
        .take(timeout: 1.5), .acquire(timeout: nil), .unlock, .raiseFlag, .lowerFlag, .isFlagRaised,
        .waitForFlag(timeout: 3), .ping, .shutdown,
    ]

    private let replies: [ManagerReply] = [
        .done, .created(42, .event), .count(-3), .flag(true), .flag(false), .blob([1, 2, 3]), .blob([]),
        .blobs([[1], [2]], keys: [[3]]), .timedOut, .failure(.indexOutOfRange(index: 9, count: 2)),
        .failure(.wrongProxyType(name: "q", expected: "list", found: "queue")),
    ]

    func testEveryRequestRoundTrips() throws {
        for operation in operations {
            let request = ManagerRequest(object: 77, operation: operation)
            let decoded = try ManagerRequest(flat: request.flattened())
            XCTAssertEqual(decoded.object, 77)
            XCTAssertEqual("\(decoded.operation)", "\(operation)")
        }
    }

    func testEveryReplyRoundTrips() throws {
        for reply in replies {
            XCTAssertEqual("\(try ManagerReply(flat: reply.flattened()))", "\(reply)")
        }
    }

    func testEveryShortenedOrExtendedMessageThrows() {
        for operation in operations {
            let bytes = ManagerRequest(object: 1, operation: operation).flattened()
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try ManagerRequest(flat: Array(bytes.prefix(cut))), "\(operation) cut at \(cut)")
            }
            XCTAssertThrowsError(try ManagerRequest(flat: bytes + [0]), "\(operation) with a byte too many")
        }
        for reply in replies {
            let bytes = reply.flattened()
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try ManagerReply(flat: Array(bytes.prefix(cut))), "\(reply) cut at \(cut)")
            }
        }
    }

    func testHostileFieldsThrow() {
        XCTAssertThrowsError(try ManagerRequest(flat: [200] + [UInt8](repeating: 0, count: 8)), "unknown operation code")
        // A list of 2^32-1 blobs in a few bytes must not be allocated.
        XCTAssertThrowsError(try ManagerRequest(flat: [5] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0xFF, 0xFF]))
        // A blob longer than the message.
        XCTAssertThrowsError(try ManagerRequest(flat: [4] + [UInt8](repeating: 0, count: 8) + [0xFF, 0xFF, 0, 0, 1]))
        // A timeout that is not a number.
        let notANumber = withUnsafeBytes(of: Double.nan.bitPattern.littleEndian) { Array($0) }
        XCTAssertThrowsError(try ManagerRequest(flat: [16] + [UInt8](repeating: 0, count: 8) + [1] + notANumber))
        // An object kind the server does not know.
        var writer = FlatWriter()
        writer.write(UInt8(1))
        writer.write(UInt64(0))
        writer.writeText("spaceship")
        writer.write(Int64(0))
        writer.writeBlobs([])
        writer.writeBlobs([])
        XCTAssertThrowsError(try ManagerRequest(flat: writer.bytes))
    }
}
