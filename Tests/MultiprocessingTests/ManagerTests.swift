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
}
