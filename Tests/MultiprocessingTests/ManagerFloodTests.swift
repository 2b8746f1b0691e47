import Multiprocessing
import XCTest

/// A manager server keeps taking good clients during and after a flood of
/// bad connections from another process, with both CPUs kept busy.
final class ManagerFloodTests: HelperTestCase {
    func testGoodClientsGetInDuringAndAfterAFloodOfBadConnectionsUnderLoad() throws {
        let started = Date()
        let program = try scenario("manager-flood", "forkserver")
        let v = program.values
        XCTAssertEqual(v["flood.sent"], "2000", program.output)
        XCTAssertEqual(v["flood.refused"], "0", "the flood itself was never refused")
        XCTAssertEqual(v["failures"], "none", "a good client was refused or timed out (5 s): \(program.output)")
        XCTAssertGreaterThanOrEqual(Int(v["good.during.flood"] ?? "") ?? 0, 1, "a good client got in during the flood")
        XCTAssertGreaterThanOrEqual(Int(v["good"] ?? "") ?? 0, 21, "and all 20 after it")
        XCTAssertLessThan(Double(v["slowest.seconds"] ?? "") ?? 99, 5)
        XCTAssertEqual(v["server.exit"], "0")
        XCTAssertLessThan(Date().timeIntervalSince(started), 25)
    }
}
