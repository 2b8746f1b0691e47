import XCTest
@testable import Workbook

final class CheckReportTests: XCTestCase {
    private let script = """
        CHECK: main [[MAIN:[0-9]+]] starts
        CHECK-DAG: child [[PID:[0-9]+]] started
        CHECK-NEXT: child [[PID]] done
        CHECK: main exits
        """
    private let output = "main 4241 starts\nchild 4242 started\nchild 4243 started\nchild 4242 done\nmain exits\n"

    func testSuccessListsWhatMatched() throws {
        let outcome = try check(script, "main 4241 starts\nchild 4242 started\nchild 4242 done\nmain exits\n", firstLine: 20)
        XCTAssertTrue(outcome.passed)
        let report = outcome.report(color: false)
        XCTAssertTrue(report.hasPrefix("PASS  all 4 checks hold\n"), report)
        XCTAssertTrue(report.contains("CHECK at chapter line 20 -> 1: main 4241 starts  [MAIN = 4241]"), report)
        XCTAssertTrue(report.contains("CHECK-DAG at chapter line 21 -> 2: child 4242 started  [PID = 4242]"), report)
        XCTAssertTrue(report.contains("CHECK-NEXT at chapter line 22 -> 3: child 4242 done"), report)
        XCTAssertTrue(report.contains("CHECK at chapter line 23 -> 4: main exits"), report)
    }

    /// A carriage return inside a line is part of the line: `{{.*}}` spans
    /// it, and the report writes it out instead of letting it repaint.
    func testControlCharactersAreMatchedAndShownVisibly() throws {
        XCTAssertTrue(try check("CHECK: a{{.*}}b", "a\rb\n").passed)
        XCTAssertTrue(try check("CHECK: a{{.*}}b", "a\u{2028}b\n").passed)
        let outcome = try check("CHECK: 50% done", "progress\r50% done\n\u{1B}[31mred\n")
        XCTAssertFalse(outcome.passed)
        let report = outcome.report(color: false)
        XCTAssertTrue(report.contains("progress\\r50% done"), report)
        XCTAssertTrue(report.contains("\\u{1B}[31mred"), report)
        XCTAssertFalse(report.contains("\u{1B}"), "no raw escape reaches the terminal")
    }

    func testFailureReportNamesTheDirectiveAndAnnotatesTheOutput() throws {
        let outcome = try check(script, output, firstLine: 20)
        XCTAssertFalse(outcome.passed)
        let report = outcome.report(color: false)
        XCTAssertTrue(report.hasPrefix("FAIL  1 of 4 checks failed\n"), report)
        XCTAssertTrue(report.contains(
            "CHECK-NEXT at chapter line 22: expected the line after line 2 to match `child 4242 done` (PID = 4242), found `child 4243 started`"),
            report)
        XCTAssertTrue(report.contains("note: line 4 matches it, but it is not the line right after the previous match"), report)
        XCTAssertTrue(report.contains("not checked: CHECK at chapter line 23"), report)
        XCTAssertTrue(report.contains("captured: MAIN = 4241 (line 1), PID = 4242 (line 2)"), report)
        // The dump: every line numbered, annotations under the lines.
        XCTAssertTrue(report.contains("1 | main 4241 starts\n  |   ^ CHECK at chapter line 20, captured MAIN = 4241\n"), report)
        XCTAssertTrue(report.contains("2 | child 4242 started\n  |   ^ CHECK-DAG at chapter line 21, captured PID = 4242\n"), report)
        XCTAssertTrue(report.contains("3 | child 4243 started\n  |   X CHECK-NEXT at chapter line 22 expected here: `child [[PID]] done`\n"), report)
        XCTAssertTrue(report.contains("4 | child 4242 done\n  |   ? matches CHECK-NEXT at chapter line 22, but not where it was looked for\n"), report)
        XCTAssertTrue(report.contains("5 | main exits\n"), report)
    }

    func testTheClosestLineIsShownWhenNothingMatches() throws {
        let outcome = try check("CHECK: start\nCHECK: worker 3 finished", "start\nworker 1 finished\nworker 3 finishd\nbye\n")
        XCTAssertEqual(outcome.result(at: 2)?.closest, 3)
        let report = outcome.report(color: false)
        XCTAssertTrue(report.contains("closest line 3: worker 3 finishd\n"), report)
        XCTAssertTrue(report.contains("3 | worker 3 finishd\n  |   ? closest line to CHECK at chapter line 2\n"), report)
        XCTAssertTrue(report.contains("2 | worker 1 finished\n  |   X CHECK at chapter line 2 searched from here on for `worker 3 finished`\n"), report)
    }

    func testNoClosestLineWhenNothingIsAlike() throws {
        XCTAssertNil(try check("CHECK: completely different", "zz\nyy\n").result(at: 1)?.closest)
    }

    func testSummary() throws {
        XCTAssertEqual(try check("CHECK: a\nCHECK: b", "a\nb\n").summary, "all 2 checks hold")
        XCTAssertEqual(try check("CHECK: a\nCHECK-NEXT: b\nTRACE: processes == 1", "a\nc\n").summary,
                       "CHECK-NEXT at chapter line 2: expected the line after line 1 to match `b`, found `c` (and 1 more)")
    }

    func testFailureAtTheEndOfTheOutputIsMarkedThere() throws {
        let report = try check("CHECK: b\nCHECK: zzz", "a\nb\n").report(color: false)
        XCTAssertTrue(report.contains("CHECK at chapter line 2: line 2 is the last line, so no line after it matches `zzz`"), report)
        XCTAssertTrue(report.contains("2 | b\n  |   ^ CHECK at chapter line 1\n  | (end of output)\n  |   X CHECK at chapter line 2 searched from here on for `zzz`"), report)
    }

    func testDagOverlapFailureShowsWhoTookTheLines() throws {
        let report = try check("CHECK-DAG: ok\nCHECK-DAG: ok", "ok\n").report(color: false)
        XCTAssertTrue(report.contains("line 1 matches `ok`, but it is already taken by the CHECK-DAG at chapter line 1"), report)
        XCTAssertTrue(report.contains("^ matches CHECK-DAG at chapter line 2, but is taken"), report)
    }

    func testNotFailureMarksTheForbiddenLine() throws {
        let report = try check("CHECK: a\nCHECK-NOT: oops\nCHECK: b", "a\noops\nb\n").report(color: false)
        XCTAssertTrue(report.contains("2 | oops\n  |   X CHECK-NOT at chapter line 2 forbids this line\n"), report)
    }

    func testTraceFailureShowsTheProcesses() throws {
        let trace = [
            TraceEvent(event: "start", pid: 10, ppid: 1, name: "MainProcess", method: "main"),
            TraceEvent(event: "start", pid: 11, ppid: 10, name: "Process-1", method: "fork"),
            TraceEvent(event: "exit", pid: 11, ppid: 10, name: "Process-1", method: "fork", exitCode: -9),
            TraceEvent(event: "exit", pid: 12, ppid: 10, name: "Process-2", method: "spawn", exitCode: 1),
        ]
        let report = try check("TRACE: processes == 2", "", trace: trace).report(color: false)
        XCTAssertTrue(report.contains("TRACE at chapter line 1: `processes == 2` is false: 1 child process started: Process-1 (pid 11)"), report)
        XCTAssertTrue(report.contains("trace: the main program and 2 child processes:"), report)
        XCTAssertTrue(report.contains("  pid  ppid  name                        method  exit\n"), report)
        XCTAssertTrue(report.contains("  10   1     MainProcess                 main\n"), report)
        XCTAssertTrue(report.contains("  11   10    Process-1                   fork    -9\n"), report)
        XCTAssertTrue(report.contains("  12   10    Process-2 (no start event)  spawn   1\n"), report)
        XCTAssertFalse(report.contains("output"), "a trace-only failure with no captures needs no output dump")
    }

    func testColourOnlyWhenAsked() throws {
        let failing = try check("CHECK: a\nCHECK-NEXT: b\nTRACE: processes == 1", "a\nc\n")
        let passing = try check("CHECK: a", "a\n")
        for outcome in [failing, passing] {
            XCTAssertFalse(outcome.report(color: false).contains("\u{1B}"))
            XCTAssertTrue(outcome.report(color: true).contains("\u{1B}["))
        }
        XCTAssertTrue(failing.report(color: true).contains("\u{1B}[31mFAIL\u{1B}[0m"))
    }

    func testLongOutputIsShownAroundTheAnnotations() throws {
        let lines = (1...1000).map { "line \($0)" }
        let outcome = try check("CHECK: line 500\nCHECK-NEXT: nope", lines.joined(separator: "\n"))
        let report = outcome.report(color: false)
        XCTAssertTrue(report.contains(": … 496 lines not shown"), report)
        XCTAssertTrue(report.contains(" 500 | line 500\n"), report)
        XCTAssertTrue(report.contains(" 504 | line 504\n"), report)
        XCTAssertFalse(report.contains("| line 505\n"), report)
        XCTAssertFalse(report.contains("| line 10\n"), report)
    }

    func testResultsEncodeAsJSON() throws {
        let outcome = try check("CHECK: n=[[N:[0-9]+]]\nCHECK-COUNT-2: x", "n=5\nx\n")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(outcome.results), as: UTF8.self)
        XCTAssertTrue(json.contains("\"kind\":\"CHECK-COUNT-2\""), json)
        XCTAssertTrue(json.contains("\"status\":\"failed\""), json)
        XCTAssertTrue(json.contains("{\"line\":1,\"name\":\"N\",\"value\":\"5\"}"), json)
    }
}
