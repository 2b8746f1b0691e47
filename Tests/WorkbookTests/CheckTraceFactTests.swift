import XCTest
@testable import Workbook

final class CheckTraceFactTests: XCTestCase {
    /// The main program 100 and four children; 103 was never reaped.
    private let trace: [TraceEvent] = [
        TraceEvent(event: "start", pid: 100, ppid: 1, name: "MainProcess", method: "main", time: 1),
        TraceEvent(event: "start", pid: 101, ppid: 100, name: "Process-1", method: "fork", time: 2),
        TraceEvent(event: "start", pid: 102, ppid: 100, name: "Process-2", method: "spawn", time: 3),
        TraceEvent(event: "exit", pid: 101, ppid: 100, name: "Process-1", method: "fork", exitCode: 0, time: 4),
        TraceEvent(event: "start", pid: 103, ppid: 101, name: "PoolWorker-1", method: "forkserver", time: 5),
        TraceEvent(event: "start", pid: 104, ppid: 100, name: "PoolWorker-2", method: "forkserver", time: 6),
        TraceEvent(event: "exit", pid: 102, ppid: 100, name: "Process-2", method: "spawn", exitCode: -9, time: 7),
        TraceEvent(event: "exit", pid: 104, ppid: 100, name: "PoolWorker-2", method: "forkserver", exitCode: 3, time: 8),
    ]

    private let output = "main 100\nchild 101\nchild 102\nworker 103\nbogus 999\n"
    private let captures = """
        CHECK: main [[MAIN:[0-9]+]]
        CHECK: child [[C1:[0-9]+]]
        CHECK: child [[C2:[0-9]+]]
        CHECK: worker [[W:[0-9]+]]
        CHECK: bogus [[BAD:[0-9]+]]
        """

    private func holds(_ fact: String, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let outcome = try check(captures + "\nTRACE: " + fact, output, trace: trace)
        let result = try XCTUnwrap(outcome.results.last, file: file, line: line)
        XCTAssertNotEqual(result.status, .skipped, file: file, line: line)
        return result.status == .passed
    }

    func testProcessCount() throws {
        XCTAssertTrue(try holds("processes == 4"))
        XCTAssertFalse(try holds("processes == 3"))
        XCTAssertTrue(try holds("processes != 3"))
        XCTAssertFalse(try holds("processes != 4"))
        XCTAssertTrue(try holds("processes >= 4"))
        XCTAssertFalse(try holds("processes >= 5"))
        XCTAssertTrue(try holds("processes <= 4"))
        XCTAssertFalse(try holds("processes <= 3"))
        XCTAssertTrue(try holds("processes > 3"))
        XCTAssertFalse(try holds("processes > 4"))
        XCTAssertTrue(try holds("processes < 5"))
        XCTAssertFalse(try holds("processes < 4"))
    }

    func testProcessCountIgnoresChildrenWithoutAStartEvent() throws {
        let reapedOnly = trace + [TraceEvent(event: "exit", pid: 105, ppid: 100, name: "Process-3", method: "fork", exitCode: -9)]
        let outcome = try check("TRACE: processes == 4", "", trace: reapedOnly)
        XCTAssertTrue(outcome.passed)
    }

    func testProcessesNamed() throws {
        XCTAssertTrue(try holds("processes named PoolWorker-.* == 2"))
        XCTAssertFalse(try holds("processes named PoolWorker-.* == 3"))
        XCTAssertTrue(try holds("processes named Process-1 == 1"))
        XCTAssertTrue(try holds("processes named Process == 0"), "the name must match wholly")
        XCTAssertTrue(try holds("processes named (Process|PoolWorker)-[12] == 4"))
    }

    func testProcessesWithMethod() throws {
        XCTAssertTrue(try holds("processes with method fork == 1"))
        XCTAssertTrue(try holds("processes with method spawn == 1"))
        XCTAssertTrue(try holds("processes with method forkserver == 2"))
        XCTAssertFalse(try holds("processes with method fork == 2"))
    }

    func testChild() throws {
        XCTAssertTrue(try holds("child [[C1]]"))
        XCTAssertTrue(try holds("child [[W]]"))
        XCTAssertFalse(try holds("child [[BAD]]"))
        XCTAssertFalse(try holds("child [[MAIN]]"))
    }

    func testMain() throws {
        XCTAssertTrue(try holds("main [[MAIN]]"))
        XCTAssertFalse(try holds("main [[C1]]"))
    }

    func testParent() throws {
        XCTAssertTrue(try holds("parent of [[C1]] is [[MAIN]]"))
        XCTAssertTrue(try holds("parent of [[W]] is [[C1]]"))
        XCTAssertFalse(try holds("parent of [[W]] is [[MAIN]]"))
        XCTAssertFalse(try holds("parent of [[BAD]] is [[MAIN]]"))
    }

    func testExitCode() throws {
        XCTAssertTrue(try holds("exit of [[C1]] == 0"))
        XCTAssertTrue(try holds("exit of [[C2]] == -9"))
        XCTAssertFalse(try holds("exit of [[C2]] == 0"))
        XCTAssertTrue(try holds("exit of [[C2]] < 0"))
        XCTAssertFalse(try holds("exit of [[W]] == 0"), "never reaped: no exit event")
        XCTAssertFalse(try holds("exit of [[BAD]] == 0"))
    }

    func testExitOfEveryProcessNamed() throws {
        XCTAssertTrue(try holds("exit of processes named Process-1 == 0"))
        XCTAssertFalse(try holds("exit of processes named Process-[12] == 0"), "Process-2 was killed")
        XCTAssertTrue(try holds("exit of processes named Process-[12] <= 0"))
        XCTAssertFalse(try holds("exit of processes named PoolWorker-.* == 3"), "PoolWorker-1 was never reaped")
        XCTAssertTrue(try holds("exit of processes named PoolWorker-2 == 3"))
        XCTAssertFalse(try holds("exit of processes named Nobody-.* == 0"), "no process matched: nothing exited")
        let outcome = try check(captures + "\nTRACE: exit of processes named (Process|PoolWorker)-.* == 0", output, trace: trace)
        let why = outcome.results.last?.message ?? ""
        XCTAssertTrue(why.contains("3 of 4 fail"), why)
        XCTAssertTrue(why.contains("PoolWorker-1 (pid 103) has no exit event"), why)
    }

    func testMethodOf() throws {
        XCTAssertTrue(try holds("method of [[C1]] is fork"))
        XCTAssertTrue(try holds("method of [[C2]] is spawn"))
        XCTAssertTrue(try holds("method of [[W]] is forkserver"))
        XCTAssertFalse(try holds("method of [[C1]] is spawn"))
        XCTAssertFalse(try holds("method of [[BAD]] is fork"))
    }

    func testFailureMessagesSayWhatTheTraceHolds() throws {
        let outcome = try check(captures + "\nTRACE: processes == 3\nTRACE: exit of [[W]] == 0\nTRACE: child [[MAIN]]", output, trace: trace)
        let messages = outcome.failures.map(\.message)
        XCTAssertEqual(messages.count, 3)
        XCTAssertTrue(messages[0].hasPrefix("`processes == 3` is false: 4 child processes started: Process-1 (pid 101)"), messages[0])
        XCTAssertTrue(messages[1].contains("PoolWorker-1 (pid 103) has no exit event"), messages[1])
        XCTAssertTrue(messages[2].contains("MAIN = 100 is the main program's pid"), messages[2])
    }

    func testAFactIsSkippedWhenItsCaptureFailed() throws {
        let outcome = try check("CHECK: pid [[P:[0-9]+]]\nTRACE: child [[P]]\nTRACE: processes == 4", "nothing\n", trace: trace)
        XCTAssertEqual(outcome.results.map(\.status), [.failed, .skipped, .passed])
        XCTAssertTrue(outcome.results[1].message.contains("[[P]]"))
    }

    func testAnEmptyTraceFailsFacts() throws {
        let outcome = try check("TRACE: processes >= 1", "", trace: [])
        XCTAssertFalse(outcome.passed)
        XCTAssertTrue(outcome.report(color: false).contains("trace: empty"))
    }

    func testRecycledPidsCountAsTwoProcesses() throws {
        let recycled = [
            TraceEvent(event: "start", pid: 7, ppid: 1, name: "Process-1", method: "fork"),
            TraceEvent(event: "exit", pid: 7, ppid: 1, name: "Process-1", method: "fork", exitCode: 0),
            TraceEvent(event: "start", pid: 7, ppid: 1, name: "Process-2", method: "fork"),
        ]
        let table = TraceProcessTable(events: recycled)
        XCTAssertEqual(table.children.count, 2)
        XCTAssertEqual(table.child(pid: 7)?.name, "Process-2")
        XCTAssertTrue(try check("TRACE: processes == 2", "", trace: recycled).passed)
    }
}
