import Multiprocessing
import XCTest

final class CrossProcessPipeTests: HelperTestCase {
    func testSixteenMebibyteMessageRoundTripsThroughAChild() throws {
        for method in methods {
            let v = try scenario("big-message", method).values
            XCTAssertEqual(v["length"], String(16 << 20), method)
            XCTAssertEqual(v["equal"], "true", method)
            XCTAssertEqual(v["empty"], "0", method)
            XCTAssertEqual(v["after"], "after", "\(method): framing stays in step after a big message")
            XCTAssertEqual(v["exitCode"], "0", "\(method): the child saw the end of file and returned")
        }
    }

    func testOneWayEndIsHandedToAChild() throws {
        for method in methods {
            let v = try scenario("one-way-handover", method).values
            XCTAssertEqual(v["report.name"], "Process-1", method)
            XCTAssertEqual(v["eof"], "EOFError:\(MP.EOFError())", method)
        }
    }

    func testWaitOnConnectionsAndSentinels() throws {
        for method in methods {
            let v = try scenario("wait", method).values
            XCTAssertEqual(v["timeout.count"], "0", method)
            XCTAssertEqual(v["ready.pipe"], "true", method)
            XCTAssertEqual(v["ready.sentinel"], "true", method)
            XCTAssertEqual(v["exitCode"], "0", method)
        }
    }
}
