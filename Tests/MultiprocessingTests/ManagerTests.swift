import Foundation
import Multiprocessing
import XCTest

final class ManagerTests: HelperTestCase {
    /// The course's example: a managed list 0..<100, and 99 processes each
    /// squaring the element at their own index.
    func testListOfSquaresAndEveryProxyFromAChild() throws {
        for method in methods {
            let v = try scenario("manager", method).values
            XCTAssertEqual(v["squares"], "true", method)
            XCTAssertEqual(v["exit.codes"], "0", method)
            XCTAssertEqual(v["list"], "from parent|from child", method)
            XCTAssertEqual(v["dict"], "child=42,parent=41", method)
            XCTAssertEqual(v["namespace"], "hello", method)
            XCTAssertEqual(v["value"], "3.0", method)
            XCTAssertEqual(v["copy.is.not.shared"], "2", "\(method): a fetched copy is not the shared list")
            XCTAssertEqual(v["index.error"], "ManagerError:\(MP.ManagerError.indexOutOfRange(index: 10, count: 2))", method)
            XCTAssertEqual(v["negative.index"], "from child", method)
            XCTAssertEqual(v["key.error"], "ManagerError:\(MP.ManagerError.keyNotFound("\"nobody\""))", method)
            XCTAssertEqual(v["after.shutdown"], "true", method)
            XCTAssertEqual(v["active"], "0", "\(method): the server was stopped")
        }
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp"))?.filter { $0.hasPrefix("mp-manager-") }
        XCTAssertEqual(leftovers ?? [], [], "socket folders are removed at shutdown")
    }

    /// Queue, lock and event proxies used by a child; timeouts; a lock freed
    /// when its holder's process ends; two threads of one process.
    func testQueueLockAndEventProxies() throws {
        for method in methods {
            let v = try scenario("manager-sync", method).values
            XCTAssertEqual(v["event.set"], "true", method)
            XCTAssertEqual(v["lock.busy"], "false", "\(method): the child holds the lock")
            XCTAssertEqual(v["locked"], "true", method)
            XCTAssertEqual(v["lock.after"], "true", method)
            XCTAssertEqual(v["child.exit"], "0", method)
            XCTAssertEqual(v["log"], "child has the lock|child got first|child got second", method)
            XCTAssertEqual(v["empty.get"], "QueueEmpty:\(MP.QueueEmpty())", method)
            XCTAssertEqual(v["empty.nowait"], "QueueEmpty:\(MP.QueueEmpty())", method)
            XCTAssertEqual(v["full.put"], "QueueFull:\(MP.QueueFull())", method)
            XCTAssertEqual(v["full.nowait"], "QueueFull:\(MP.QueueFull())", method)
            XCTAssertEqual(v["small.count"], "1", method)
            XCTAssertEqual(v["release.unlocked"], "ManagerError:\(MP.ManagerError.notLocked)", method)
            XCTAssertEqual(v["event.timeout"], "false", method)
            XCTAssertEqual(v["abandoned.lock.freed"], "true", method)
            XCTAssertEqual(v["threads.got"], "42", "\(method): a blocked get does not hold up another thread's put")
            XCTAssertEqual(v["active"], "0", method)
        }
    }

    /// A killed server: calls fail with an error at once (no client waits
    /// on a socket nobody serves), and shutdown returns.
    func testAKilledServerFailsCallsPromptly() throws {
        for method in methods {
            let v = try scenario("manager-killed", method).values
            XCTAssertEqual(v["first.call"], "true", method)
            XCTAssertEqual(v["second.call"], "true", method)
            XCTAssertEqual(v["shutdown"], "returned", method)
            XCTAssertEqual(v["active"], "0", method)
        }
    }

    func testAManagerNeedsBootstrap() {
        XCTAssertThrowsError(try MP.Manager()) { error in
            XCTAssertEqual(error as? MP.StartError, .bootstrapMissing)
        }
    }
}

final class ManagerFuzzTests: HelperTestCase {
    /// 10 000 random and malformed frames (garbage, oversize lengths,
    /// truncated frames, vanishing and slow clients) while a well-behaved
    /// client works: it must get every answer right, and the server goes on.
    func testServerSurvivesGarbageWhileServingAGoodClient() throws {
        for method in methods {
            let v = try scenario("manager-fuzz", method).values
            XCTAssertEqual(v["frames"], "10000", method)
            XCTAssertEqual(v["victim.correct"], "8000", method)
            XCTAssertEqual(v["still.serving"], "true", method)
        }
    }

    /// The same at an authenticated TCP server: the garbage meets the
    /// handshake, and the well-behaved client authenticates and works.
    func testAuthenticatedTCPServerSurvivesGarbage() throws {
        for method in ["forkserver"] {
            let v = try scenario("manager-fuzz-tcp", method).values
            XCTAssertEqual(v["frames"], "10000", method)
            XCTAssertEqual(v["victim.correct"], "8000", method)
            XCTAssertEqual(v["still.serving"], "true", method)
            XCTAssertEqual(v["server.exit"], "0", method)
        }
    }
}
