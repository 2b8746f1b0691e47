import Foundation
import Multiprocessing
import XCTest

/// Pipe semantics within one process (the cross-process cases are in
/// CrossProcessPipeTests).
final class PipeTests: XCTestCase {
    struct Record: Codable, Equatable {
        var name: String
        var number: Int
        var result: Double?
    }

    enum Item: Codable, Equatable {
        case int(Int)
        case text(String)
        case none
    }

    func testSendAndReceiveValues() throws {
        for coding in MP.WireCoding.allCases {
            let (a, b) = try MP.Pipe(coding: coding)
            try a.send(42)
            try a.send("hello")
            try a.send([Item.int(5), .text("foo"), .none])
            try a.send(Record(name: "Process-1", number: 3, result: nil))
            try a.send([1.5, -2.25])
            try a.send(["x": 1, "y": 2])
            XCTAssertEqual(try b.recv(Int.self), 42)
            XCTAssertEqual(try b.recv(String.self), "hello")
            XCTAssertEqual(try b.recv([Item].self), [.int(5), .text("foo"), .none])
            XCTAssertEqual(try b.recv(Record.self), Record(name: "Process-1", number: 3, result: nil))
            XCTAssertEqual(try b.recv([Double].self), [1.5, -2.25])
            XCTAssertEqual(try b.recv([String: Int].self), ["x": 1, "y": 2])
            // Duplex: the other direction works too.
            try b.send("back")
            XCTAssertEqual(try a.recv(String.self), "back")
        }
    }

    func testMessagesNeverMergeAndEmptyIsAMessage() throws {
        let (a, b) = try MP.Pipe()
        try a.sendBytes([1, 2, 3])
        try a.sendBytes([UInt8]())
        try a.sendBytes([4])
        try a.sendBytes(Data([5, 6]))
        XCTAssertEqual(try b.recvBytes(), [1, 2, 3])
        XCTAssertEqual(try b.recvBytes(), [])
        XCTAssertEqual(try b.recvBytes(), [4])
        XCTAssertEqual(try b.recvBytes(), [5, 6])
        XCTAssertFalse(try b.poll())
    }

    func testTooLongMessageIsRefusedAndSkipped() throws {
        let (a, b) = try MP.Pipe()
        try a.sendBytes([UInt8](repeating: 7, count: 1000))
        try a.sendBytes([8])
        XCTAssertThrowsError(try b.recvBytes(maxLength: 999)) { error in
            XCTAssertEqual(error as? MP.ConnectionError, .messageTooLong(length: 1000, limit: 999))
        }
        XCTAssertEqual(try b.recvBytes(maxLength: 999), [8], "the refused message was skipped, not merged")
    }

    func testConnectionLimitAppliesToValues() throws {
        let (a, b) = try MP.Pipe(maxMessageLength: 16)
        try a.send(String(repeating: "x", count: 100))
        try a.send("ok")
        XCTAssertThrowsError(try b.recv(String.self)) { error in
            guard case .messageTooLong(_, 16)? = error as? MP.ConnectionError else {
                return XCTFail("\(error)")
            }
        }
        XCTAssertEqual(try b.recv(String.self), "ok")
    }

    func testEndOfFileAfterThePeerClosed() throws {
        let (a, b) = try MP.Pipe()
        try a.send("last words")
        a.close()
        XCTAssertTrue(try b.poll(), "end of file counts as ready")
        XCTAssertEqual(try b.recv(String.self), "last words")
        XCTAssertThrowsError(try b.recv(String.self)) { error in
            XCTAssertEqual(error as? MP.EOFError, MP.EOFError())
        }
        XCTAssertThrowsError(try b.send("anyone?")) { error in
            XCTAssertEqual(error as? MP.ConnectionError, .brokenPipe)
        }
    }

    func testClosedEndThrowsOnEveryUse() throws {
        let (a, _) = try MP.Pipe()
        a.close()
        a.close()  // closing twice is harmless
        XCTAssertTrue(a.isClosed)
        XCTAssertThrowsError(try a.send(1)) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
        XCTAssertThrowsError(try a.recv(Int.self)) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
        XCTAssertThrowsError(try a.sendBytes([1])) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
        XCTAssertThrowsError(try a.recvBytes()) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
        XCTAssertThrowsError(try a.poll()) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
        XCTAssertThrowsError(try MP.wait([a], timeout: 0)) { XCTAssertEqual($0 as? MP.ConnectionError, .closed) }
    }

    func testOneWayPipeRefusesTheWrongDirection() throws {
        let (receiver, sender) = try MP.Pipe(duplex: false)
        XCTAssertTrue(receiver.readable)
        XCTAssertFalse(receiver.writable)
        XCTAssertFalse(sender.readable)
        XCTAssertTrue(sender.writable)
        XCTAssertThrowsError(try receiver.send(1)) { XCTAssertEqual($0 as? MP.ConnectionError, .notWritable) }
        XCTAssertThrowsError(try sender.recv(Int.self)) { XCTAssertEqual($0 as? MP.ConnectionError, .notReadable) }
        XCTAssertThrowsError(try sender.poll()) { XCTAssertEqual($0 as? MP.ConnectionError, .notReadable) }
        try sender.send([5, 6])
        XCTAssertEqual(try receiver.recv([Int].self), [5, 6])
    }

    func testWrongTypeIsAnUndecodableError() throws {
        let (a, b) = try MP.Pipe()
        try a.send("not a number")
        XCTAssertThrowsError(try b.recv(Int.self)) { error in
            guard case .undecodable(let type, _)? = error as? MP.ConnectionError else { return XCTFail("\(error)") }
            XCTAssertEqual(type, "Swift.Int")
        }
    }

    func testPollWaitsUpToItsTimeout() throws {
        let (a, b) = try MP.Pipe()
        let started = Date()
        XCTAssertFalse(try b.poll(timeout: 0.2))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        try a.send(1)
        XCTAssertTrue(try b.poll(timeout: 5))
        XCTAssertTrue(try b.poll(), "polling does not consume the message")
        XCTAssertEqual(try b.recv(Int.self), 1)
    }

    func testWaitReturnsTheReadyConnections() throws {
        let (a1, b1) = try MP.Pipe()
        let (a2, b2) = try MP.Pipe()
        XCTAssertTrue(try MP.wait([b1, b2], timeout: 0.05).isEmpty)
        try a2.send("two")
        let ready = try MP.wait([b1, b2], timeout: 5)
        XCTAssertEqual(ready.count, 1)
        XCTAssertTrue(ready.first === b2)
        withExtendedLifetime(a1) {}
    }

    func testLargeMessageBetweenThreads() throws {
        let (a, b) = try MP.Pipe()
        let big = (0..<(16 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let sender = Thread { try? a.sendBytes(big) }
        sender.start()
        XCTAssertEqual(try b.recvBytes(), big)
    }

    func testConnectionCannotBeEncodedOutsideAHandover() throws {
        let (a, _) = try MP.Pipe()
        XCTAssertThrowsError(try JSONEncoder().encode(a))
        let (c, d) = try MP.Pipe()
        XCTAssertThrowsError(try c.send([a]), "a connection cannot travel as a message") { error in
            guard case .unencodable? = error as? MP.ConnectionError else { return XCTFail("\(error)") }
        }
        withExtendedLifetime(d) {}
    }
}
