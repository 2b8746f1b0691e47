import Foundation
import Multiprocessing
import XCTest

/// A `BaseManager` server run on a thread of the test process, with its
/// clients in the same process: stop() from another thread, and the rules
/// about keys, checked without starting any process.
final class InProcessServerTests: XCTestCase {
    func testStopEndsServeForeverAndClientsSeeTheServerGone() throws {
        let manager = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 0), authKey: "k")
        manager.register("getQueue", shared: .queue(of: Int.self))
        let server = try manager.server()
        let ended = expectation(description: "serveForever returned")
        Thread {
            try? server.serveForever()
            ended.fulfill()
        }.start()
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
}
