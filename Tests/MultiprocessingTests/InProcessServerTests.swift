import Foundation
@testable import Multiprocessing
import XCTest

/// A `BaseManager` server run on a thread of the test process, with its
/// clients in the same process: stop() from another thread, and the rules
/// about keys, checked without starting any process.
final class InProcessServerTests: XCTestCase {
    /// Starts `manager`'s server on a thread of its own; the expectation is
    /// fulfilled when `serveForever()` returns.
    private func serveOnAThread(_ manager: MP.BaseManager) throws -> (MP.ManagerServer, XCTestExpectation) {
        let server = try manager.server()
        let ended = expectation(description: "serveForever returned")
        Thread {
            try? server.serveForever()
            ended.fulfill()
        }.start()
        return (server, ended)
    }

    func testStopEndsServeForeverAndClientsSeeTheServerGone() throws {
        let manager = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 0), authKey: "k")
        manager.register("getQueue", shared: .queue(of: Int.self))
        let (server, ended) = try serveOnAThread(manager)
        let client = try MP.BaseManager(address: server.address, authKey: "k")
        client.register("getQueue", proxy: MP.QueueProxy<Int>.self)
        let queue: MP.QueueProxy<Int> = try client.proxy("getQueue")
        try queue.put(5)
        XCTAssertEqual(try queue.get(timeout: 1), 5)
        XCTAssertThrowsError(try queue.get(timeout: 0.05)) { XCTAssertTrue($0 is MP.QueueEmpty) }
        server.stop()
        wait(for: [ended], timeout: 5)
        XCTAssertThrowsError(try queue.count()) { error in
            guard case MP.ManagerError.serverGone = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try queue.count(), "a new connection is refused, not left waiting") { error in
            guard case MP.ManagerError.serverGone = error else { return XCTFail("\(error)") }
        }
    }

    func testConnectingWhereNothingListensSaysSo() throws {
        let client = try MP.BaseManager(address: .unix("/tmp/mp-nobody-listens-\(getpid()).socket"))
        XCTAssertThrowsError(try client.connect()) { error in
            guard case let MP.ManagerError.serverGone(reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("cannot connect"), reason)
        }
    }

    func testAUnixSocketPathThatIsTooLongIsABadAddress() throws {
        let manager = try MP.BaseManager(address: .unix("/tmp/" + String(repeating: "x", count: 200)))
        XCTAssertThrowsError(try manager.server()) { error in
            guard case MP.ManagerError.badAddress = error else { return XCTFail("\(error)") }
        }
    }

    func testAnAddressInUseByALiveServerIsRefused() throws {
        let path = "/tmp/mp-in-use-\(getpid()).socket"
        defer { unlink(path) }
        let first = try MP.BaseManager(address: .unix(path)).server()
        XCTAssertThrowsError(try MP.BaseManager(address: .unix(path)).server()) { error in
            guard case MP.ManagerError.badAddress = error else { return XCTFail("\(error)") }
        }
        _ = first
    }

    func testAddressDescriptions() {
        XCTAssertEqual(MP.ManagerAddress.tcp(host: "127.0.0.1", port: 50000).description, "tcp:127.0.0.1:50000")
        XCTAssertEqual(MP.ManagerAddress.tcp(host: "::1", port: 1).description, "tcp:[::1]:1")
        XCTAssertEqual(MP.ManagerAddress.unix("/tmp/s").description, "unix:/tmp/s")
    }

    func testAFileThatIsNotASocketIsNeverReplaced() throws {
        let path = "/tmp/mp-not-a-socket-\(getpid()).txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("notes".utf8)))
        defer { unlink(path) }
        XCTAssertThrowsError(try MP.BaseManager(address: .unix(path)).server()) { error in
            XCTAssertEqual(error as? MP.ManagerError, .badAddress("\(path) exists and is not a socket; choose another path"))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "notes")
    }

    func testAServerServesOnceAndRemovesItsSocketFile() throws {
        let path = "/tmp/mp-serve-once-\(getpid()).socket"
        let server = try MP.BaseManager(address: .unix(path)).server()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        server.stop()
        try server.serveForever()
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "the server removes the socket file it made")
        XCTAssertThrowsError(try server.serveForever()) { XCTAssertEqual($0 as? MP.ManagerError, .alreadyServed) }
    }

    /// A client that asks for a large reply and never reads it must not hold
    /// up anyone else; a keyless client of a keyed server hears why.
    func testAClientThatDoesNotReadItsRepliesStallsNobody() throws {
        let path = "/tmp/mp-slow-reader-\(getpid()).socket"
        let manager = try MP.BaseManager(address: .unix(path), authKey: "k")
        manager.register("big", shared: try .list([[UInt8](repeating: 7, count: 8 << 20)]))
        let (server, ended) = try serveOnAThread(manager)
        defer {
            server.stop()
            wait(for: [ended], timeout: 5)
        }
        let client = try MP.BaseManager(address: .unix(path), authKey: "k")
        client.register("big", proxy: MP.ListProxy<[UInt8]>.self)
        let big: MP.ListProxy<[UInt8]> = try client.proxy("big")
        // A raw connection that authenticates, asks for the 8 MiB list twice, and reads nothing.
        let hog = try ListeningSocket.connect(to: .unix(path))
        try MutualAuthentication.connect(hog, key: Array("k".utf8))
        for _ in 0..<2 { try hog.sendBytes(ManagerRequest(object: 1, operation: .all).flattened()) }
        let started = Date()
        XCTAssertEqual(try big.count(), 1)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1, "the other client was answered at once")
        hog.close()

        let keyless = try MP.BaseManager(address: .unix(path))
        keyless.register("big", proxy: MP.ListProxy<[UInt8]>.self)
        XCTAssertThrowsError(try keyless.connect()) { error in
            XCTAssertEqual("\(error)", "authentication failed: the server requires a key, and this client was given none")
        }
    }

    /// Requests the server would refuse are refused before they are sent,
    /// so the connection (and a lock taken on it) survives them.
    func testOversizeRequestsAndOddTimeoutsAreHandledByTheClient() throws {
        let path = "/tmp/mp-oversize-\(getpid()).socket"
        let manager = try MP.BaseManager(address: .unix(path))
        manager.register("lock", shared: .lock)
        manager.register("list", shared: try .list([[UInt8]]()))
        manager.register("queue", shared: .queue(of: Int.self))
        let (server, ended) = try serveOnAThread(manager)
        defer {
            server.stop()
            wait(for: [ended], timeout: 5)
        }
        let client = try MP.BaseManager(address: .unix(path))
        client.register("lock", proxy: MP.LockProxy.self)
        client.register("list", proxy: MP.ListProxy<[UInt8]>.self)
        client.register("queue", proxy: MP.QueueProxy<Int>.self)
        let lock: MP.LockProxy = try client.proxy("lock")
        let list: MP.ListProxy<[UInt8]> = try client.proxy("list")
        let queue: MP.QueueProxy<Int> = try client.proxy("queue")
        try lock.acquire()
        XCTAssertThrowsError(try list.append([UInt8](repeating: 1, count: 17 << 20))) { error in
            guard case MP.ManagerError.messageTooLarge = error else { return XCTFail("\(error)") }
        }
        XCTAssertTrue(try lock.isLocked(), "a refused request does not cost the lock")
        XCTAssertThrowsError(try queue.get(timeout: .nan))
        try queue.put(3)
        XCTAssertEqual(try queue.get(timeout: .infinity), 3)
        XCTAssertTrue(try lock.isLocked())
        try lock.release()
    }
}
