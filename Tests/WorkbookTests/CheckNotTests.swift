import XCTest
@testable import Workbook

final class CheckNotTests: XCTestCase {
    func testNotCoversTheLinesBetweenTwoMatches() throws {
        let script = "CHECK: begin\nCHECK-NOT: error\nCHECK: end"
        XCTAssertTrue(try check(script, "error\nbegin\nok\nend\nerror\n").passed, "lines outside the range do not count")
        let outcome = try check(script, "begin\nerror\nend\n")
        let failure = try XCTUnwrap(outcome.result(at: 2))
        XCTAssertEqual(failure.status, .failed)
        XCTAssertEqual(failure.lines, [2])
        XCTAssertEqual(failure.message, "line 2 matches `error`, but no line between line 1 and line 3 may match it")
    }

    func testNotAtTheStartCoversEverythingBeforeTheFirstMatch() throws {
        let script = "CHECK-NOT: error\nCHECK: begin"
        XCTAssertTrue(try check(script, "begin\nerror\n").passed)
        XCTAssertFalse(try check(script, "error\nbegin\n").passed)
    }

    func testNotAtTheEndCoversEverythingAfterTheLastMatch() throws {
        let script = "CHECK: begin\nCHECK-NOT: error"
        XCTAssertTrue(try check(script, "error\nbegin\n").passed)
        let outcome = try check(script, "begin\nok\nerror\n")
        XCTAssertEqual(outcome.result(at: 2)?.status, .failed)
        XCTAssertEqual(outcome.result(at: 2)?.message, "line 3 matches `error`, but no line after line 1 may match it")
    }

    func testNotAloneCoversTheWholeOutput() throws {
        XCTAssertTrue(try check("CHECK-NOT: error", "a\nb\n").passed)
        XCTAssertFalse(try check("CHECK-NOT: error", "a\nerror\n").passed)
    }

    func testNotBeforeAGroupEndsAtTheGroupsFirstLine() throws {
        let script = "CHECK: begin\nCHECK-NOT: error\nCHECK-DAG: a\nCHECK-DAG: b"
        XCTAssertTrue(try check(script, "begin\nb\nerror\na\n").passed)
        XCTAssertFalse(try check(script, "begin\nerror\nb\na\n").passed)
    }

    func testNotBeforeACountEndsAtItsFirstLine() throws {
        let script = "CHECK-NOT: error\nCHECK-COUNT-2: tick"
        XCTAssertTrue(try check(script, "tick\nerror\ntick\n").passed)
        XCTAssertFalse(try check(script, "error\ntick\ntick\n").passed)
    }

    func testNotWithARegexAndACapture() throws {
        let script = "CHECK: pid [[PID:[0-9]+]]\nCHECK-NOT: {{.*}}[[PID]] crashed\nCHECK: bye"
        XCTAssertTrue(try check(script, "pid 7\n8 crashed\nbye\n").passed)
        XCTAssertFalse(try check(script, "pid 7\nworker 7 crashed\nbye\n").passed)
    }

    func testNotIsSkippedWhenTheNextMatchFails() throws {
        let outcome = try check("CHECK-NOT: error\nCHECK: missing", "error\n")
        XCTAssertEqual(outcome.results.map(\.status), [.skipped, .failed])
    }

    func testAFailedNotDoesNotStopLaterChecks() throws {
        let outcome = try check("CHECK-NOT: error\nCHECK: a\nCHECK: missing", "error\na\n")
        XCTAssertEqual(outcome.results.map(\.status), [.failed, .passed, .failed])
    }

    func testTraceAndTotalDoNotEndANotRange() throws {
        let script = "CHECK: begin\nCHECK-NOT: error\nCHECK-TOTAL-1: end\nCHECK: end"
        XCTAssertFalse(try check(script, "begin\nerror\nend\n").passed)
    }

    func testSeveralNotsShareOneRange() throws {
        let script = "CHECK: a\nCHECK-NOT: x\nCHECK-NOT: y\nCHECK: b"
        XCTAssertTrue(try check(script, "y\na\nz\nb\nx\n").passed)
        let outcome = try check(script, "a\ny\nb\n")
        XCTAssertEqual(outcome.results.map(\.status), [.passed, .passed, .failed, .passed])
    }

    func testNotBetweenTwoGroupsSeparatesThem() throws {
        let script = "CHECK-DAG: a\nCHECK-DAG: b\nCHECK-NOT: x\nCHECK-DAG: c\nCHECK-DAG: d"
        XCTAssertTrue(try check(script, "b\na\nd\nc\n").passed)
        XCTAssertFalse(try check(script, "b\na\nx\nd\nc\n").passed)
        XCTAssertFalse(try check(script, "b\nc\na\nd\n").passed, "c comes before the first group ends")
    }

    func testAllForbiddenLinesAreListed() throws {
        let outcome = try check("CHECK-NOT: bad", "bad\nok\nbad\n")
        let failure = try XCTUnwrap(outcome.result(at: 1))
        XCTAssertEqual(failure.lines, [1, 3])
        XCTAssertEqual(failure.message, "line 1 matches `bad`, but no line of the output may match it (2 lines do: 1, 3)")
    }
}
