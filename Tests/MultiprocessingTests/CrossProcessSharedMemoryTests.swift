import Foundation
import Glibc
import Multiprocessing
import XCTest

/// Shared arrays, named segments, conditions and barriers used by several
/// processes, under every start method.
final class CrossProcessSharedMemoryTests: HelperTestCase {
    /// The helper names its segments with the same prefix as the in-process tests.
    private let environment = ["MP_TEST_SEGMENT_PREFIX": SegmentNames.prefix]

    override func tearDown() {
        let left = SegmentNames.leftovers()
        XCTAssertEqual(left, [], "segments left in /dev/shm")
        SegmentNames.removeLeftovers()
        super.tearDown()
    }

    func testAWorkerNegatesASharedArrayAndSetsASharedValue() throws {
        for method in methods {
            let v = try scenario("negate", method).values
            XCTAssertEqual(v["exitCode"], "0", method)
            XCTAssertEqual(v["number"], "3.1415927", method)
            XCTAssertEqual(v["array"], "[0, -1, -2, -3, -4, -5, -6, -7, -8, -9]", method)
        }
    }

    func testAnOutOfRangeSubscriptStopsTheChildWithAClearMessage() throws {
        // No crash report: it would only slow the child's end down.
        for method in methods {
            let program = try scenario("array-out-of-range", method, environment: ["SWIFT_BACKTRACE": "enable=no"])
            let v = program.values
            XCTAssertTrue((Int(v["exitCode"] ?? "") ?? 0) < 0, "\(method): the child ended by a signal: \(v)")
            XCTAssertEqual(v["array"], "[1, 2, 3]", "\(method): nothing was written")
            XCTAssertTrue(program.errors.contains("index 3 is out of range"), "\(method): \(program.errors)")
        }
    }

    func testABarrierOfThreeProcessesForThreeCyclesRunsItsActionOncePerCycle() throws {
        for method in methods {
            let v = try scenario("barrier", method).values
            XCTAssertEqual(v["exitCodes"], "0,0,0", "\(method): \(v)")
            XCTAssertEqual(v["action.runs"], "3", method)
            for cycle in 0..<3 {
                XCTAssertEqual(v["cycle\(cycle).indices"], "0,1,2", "\(method): one index each, exactly one 0")
                let seen = Array(repeating: String(cycle + 1), count: 3).joined(separator: ",")
                XCTAssertEqual(v["cycle\(cycle).runs.seen"], seen,
                               "\(method), cycle \(cycle): the action ran once before anyone was released")
            }
            XCTAssertEqual(v["broken"], "false", method)
        }
    }

    func testAProducerAndAConsumerShareABufferThroughTwoConditions() throws {
        for method in methods {
            let v = try scenario("condition", method).values
            XCTAssertEqual(v["exitCodes"], "0,0", "\(method): \(v)")
            XCTAssertEqual(v["sum"], String(200 * 201 / 2), method)
            XCTAssertEqual(v["left"], "0", method)
        }
    }

    func testAChildAttachesANamedSegmentByName() throws {
        for method in methods {
            let v = try scenario("named-segment", method, environment: environment).values
            XCTAssertEqual(v["exitCode"], "0", "\(method): \(v)")
            XCTAssertEqual(v["read"], "hello from Process-1", method)
            XCTAssertEqual(v["child.isCreator"], "false", "\(method): a child is never the creator")
            XCTAssertEqual(v["exists.after.child"], "true", "\(method): the child did not unlink it")
            XCTAssertEqual(v["attach.again.size"], "64", method)
            XCTAssertEqual(v["exists.after.unlink"], "false", method)
        }
    }

    func testAKilledAttacherLeavesNothingBehindOnceTheCreatorUnlinks() throws {
        for method in methods {
            let v = try scenario("killed-attacher", method, environment: environment).values
            XCTAssertEqual(v["attached"], "true", "\(method): \(v)")
            XCTAssertEqual(v["exitCode"], String(-SIGKILL), method)
            XCTAssertEqual(v["byte"], "1", method)
            XCTAssertEqual(v["exists.after.kill"], "true", method)
            XCTAssertEqual(v["exists.after.unlink"], "false", method)
            XCTAssertEqual(SegmentNames.leftovers(), [], method)
        }
    }

    func testCreatorsUnlinkTheirSegmentsAsTheyEndAndChildrenNeverUnlinkTheirParents() throws {
        for method in methods {
            let v = try scenario("creator-exit", method, environment: environment).values
            XCTAssertEqual(v["child.exitCode"], "0", "\(method): \(v)")
            XCTAssertEqual(v["child.segment.exists"], "false", "\(method): the child unlinked its own segment")
            XCTAssertEqual(v["parent.segment.exists.after.child"], "true", "\(method): but not its parent's")
            XCTAssertEqual(v["parent.byte"], "7", method)
            if method == "fork" {
                XCTAssertEqual(v["closure.exitCode"], "0", method)
                XCTAssertEqual(v["closure.isCreator"], "false", "a fork child is not the creator")
                XCTAssertEqual(v["parent.segment.exists.after.closure"], "true")
            }
            // The helper has ended: it unlinked what it created.
            for key in ["kept", "generated"] {
                let name = try XCTUnwrap(v[key], method)
                XCTAssertFalse(SegmentNames.exists(name), "\(method): \(name) was left in /dev/shm")
            }
        }
    }

    /// Runs last in this class (tests run in name order): nothing the suite
    /// created, in this process or in the helper's, is left in /dev/shm.
    func testZZNoSegmentOfTheSuiteIsLeftInDevShm() {
        XCTAssertEqual(SegmentNames.leftovers(), [])
        let generated = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? [])
            .filter { $0.hasPrefix("mp-\(getpid())-") }
        XCTAssertEqual(generated, [], "names generated in this process")
    }
}
