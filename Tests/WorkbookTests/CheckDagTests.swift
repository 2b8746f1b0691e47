import XCTest
@testable import Workbook

final class CheckDagTests: XCTestCase {
    func testAGroupMatchesInAnyOrder() throws {
        let script = "CHECK: start\nCHECK-DAG: one\nCHECK-DAG: two\nCHECK-DAG: three\nCHECK-NEXT: end"
        let outcome = try check(script, "start\nthree\none\ntwo\nend\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 2)?.lines, [3])
        XCTAssertEqual(outcome.result(at: 4)?.lines, [2])
    }

    func testTheGroupEndsAtItsLastMatchedLine() throws {
        let script = "CHECK-DAG: b\nCHECK-DAG: a\nCHECK-NEXT: c"
        XCTAssertTrue(try check(script, "a\nb\nc\n").passed)
        XCTAssertFalse(try check(script, "b\na\nx\nc\n").passed)
    }

    func testFourIdenticalDagLinesNeedFourOccurrences() throws {
        let script = String(repeating: "CHECK-DAG: worker done\n", count: 4)
        XCTAssertTrue(try check(script, String(repeating: "worker done\n", count: 4)).passed)
        let outcome = try check(script, "worker done\nx\nworker done\nworker done\n")
        XCTAssertFalse(outcome.passed)
        let failure = try XCTUnwrap(outcome.result(at: 4))
        XCTAssertEqual(failure.status, .failed)
        XCTAssertTrue(failure.message.contains("already taken"), failure.message)
        XCTAssertEqual(failure.lines, [1, 3, 4])
        XCTAssertEqual(outcome.results.prefix(3).map(\.status), [.passed, .passed, .passed])
        XCTAssertEqual(Set(outcome.results.prefix(3).flatMap(\.lines)), [1, 3, 4])
    }

    func testAGeneralLineMovesAsideForASpecificOne() throws {
        // First come, first served would give "worker 1" to the general
        // pattern and leave nothing for the specific one.
        let script = "CHECK-DAG: worker {{[0-9]+}}\nCHECK-DAG: worker 1"
        let outcome = try check(script, "worker 1\nworker 2\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 1)?.lines, [2])
        XCTAssertEqual(outcome.result(at: 2)?.lines, [1])
    }

    func testCapturesInAGroupAreUsableAfterIt() throws {
        let script = """
            CHECK-DAG: child [[A:[0-9]+]] says hi
            CHECK-DAG: main [[M:[0-9]+]] waits
            CHECK: [[A]] joined [[M]]
            """
        let outcome = try check(script, "main 10 waits\nchild 11 says hi\n11 joined 10\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.value("A"), "11")
        XCTAssertEqual(outcome.value("M"), "10")
        XCTAssertEqual(outcome.result(at: 1)?.captures, [CheckCapture(name: "A", value: "11", line: 2)])
    }

    func testACaptureInAGroupIsUsableLaterInTheGroup() throws {
        let script = "CHECK-DAG: start [[P:[0-9]+]]\nCHECK-DAG: stop [[P]]"
        XCTAssertTrue(try check(script, "stop 3\nstart 3\n").passed)
        XCTAssertFalse(try check(script, "stop 4\nstart 3\n").passed)
    }

    func testADagLineOnlyLooksAfterThePreviousMatch() throws {
        XCTAssertFalse(try check("CHECK: mark\nCHECK-DAG: a", "a\nmark\n").passed)
    }

    func testGroupsAreSeparatedByOtherDirectives() throws {
        let script = "CHECK-DAG: a\nCHECK-DAG: b\nCHECK: -\nCHECK-DAG: a\nCHECK-DAG: b"
        XCTAssertTrue(try check(script, "b\na\n-\na\nb\n").passed)
        XCTAssertFalse(try check(script, "b\na\nb\n-\na\n").passed)
    }

    func testAFailedGroupSkipsTheRest() throws {
        let outcome = try check("CHECK-DAG: a\nCHECK-DAG: missing\nCHECK-DAG: b\nCHECK: c", "a\nb\nc\n")
        XCTAssertEqual(outcome.results.map(\.status), [.passed, .failed, .skipped, .skipped])
        XCTAssertEqual(outcome.result(at: 2)?.message, "no line of the output matches `missing`")
    }
}
