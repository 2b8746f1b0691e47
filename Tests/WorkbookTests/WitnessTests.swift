import Foundation
import XCTest
@testable import Workbook

/// Runs witnessed by the kernel: who ran, who wrote which line, and that
/// what the example writes about itself cannot change that record.
final class WitnessTests: XCTestCase {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    private func sh(_ script: String, runner: ExampleRunner = ExampleRunner(timeout: 20)) throws -> RunResult {
        try runner.run(executable: shell, arguments: ["-c", script])
    }

    private func witnessed(_ result: RunResult, file: StaticString = #filePath, line: UInt = #line) throws -> WitnessRecord {
        let record = try XCTUnwrap(result.witness, file: file, line: line)
        XCTAssertTrue(record.witnessed, record.unwitnessedReason ?? "", file: file, line: line)
        return record
    }

    func testEveryProcessAndItsParentExitCodeAndName() throws {
        let result = try sh("sh -c 'exit 3'; /bin/true; sleep 0.05 & wait; echo done")
        let record = try witnessed(result)
        XCTAssertEqual(record.rootPid, result.pid)
        let children = record.processes.filter { $0.pid != result.pid }
        XCTAssertEqual(children.count, 3, "\(record.processes)")
        XCTAssertTrue(children.allSatisfy { $0.parent == result.pid })
        XCTAssertEqual(children.map(\.exitCode), [3, 0, 0])
        XCTAssertEqual(children.map(\.name), ["sh", "true", "sleep"])
        XCTAssertTrue(children.allSatisfy(\.execed))
        XCTAssertTrue(children.allSatisfy { $0.start <= ($0.end ?? 0) })
        let root = try XCTUnwrap(record.processes.first { $0.pid == result.pid })
        XCTAssertEqual(root.exitCode, 0)
    }

    /// Children that end before their creator's fork event is handled are
    /// still listed once each, with their parent, a name and an exit code.
    /// The creator is a grandchild of the witness: for those, the kernel
    /// reports the newest tracee's stops first, so a short-lived child can
    /// live its whole life before its creator's fork event is read.
    func testManyShortLivedChildrenAreEachListedOnce() throws {
        let record = try witnessed(sh("sh -c 'i=0; while [ $i -lt 100 ]; do /bin/true & i=$((i+1)); done; wait'; echo done"))
        let forker = try XCTUnwrap(record.processes.first { $0.parent == record.rootPid })
        let children = record.processes.filter { $0.pid != record.rootPid && $0.pid != forker.pid }
        XCTAssertEqual(children.count, 100)
        XCTAssertEqual(Set(children.map(\.pid)).count, children.count, "a pid listed twice")
        XCTAssertTrue(children.allSatisfy { $0.exitCode == 0 && $0.name == "true" && $0.parent == forker.pid },
                      "\(children.filter { $0.exitCode != 0 || $0.name != "true" || $0.parent != forker.pid })")
    }

    func testAKilledChildHasANegativeExitCode() throws {
        let record = try witnessed(sh("sleep 5 & sleep 0.2; kill -9 $!; wait; echo ok"))
        let sleeper = try XCTUnwrap(record.processes.first { $0.name == "sleep" })
        XCTAssertEqual(sleeper.exitCode, -9)
    }

    func testEachLineKnowsItsWriterEvenWhenWritesInterleave() throws {
        // The child writes half a line, the parent a whole line, then the
        // child the rest: the pipe holds "chiparent\nld\n"; the witness
        // rebuilds two whole lines, each with its writer.
        let script = "(printf chi; sleep 0.2; printf 'ld\\n') & sleep 0.1; printf 'parent\\n'; wait"
        let result = try sh(script)
        let record = try witnessed(result)
        XCTAssertEqual(result.stdout.text, "chiparent\nld\n")
        let rebuilt = record.lines()
        XCTAssertEqual(rebuilt.text, "parent\nchild\n")
        let child = try XCTUnwrap(record.processes.first { $0.pid != result.pid })
        XCTAssertEqual(rebuilt.writers, [result.pid, child.pid])
    }

    func testStandardErrorIsTaggedToo() throws {
        let record = try witnessed(sh("echo out; echo err >&2"))
        XCTAssertEqual(record.lines(fd: 2).text, "err\n")
        XCTAssertEqual(record.lines(fd: 1).text, "out\n")
    }

    func testAForgedTraceFileDoesNotAddProcesses() throws {
        // The example writes two pool-worker start events with invented pids
        // to its own trace file: the witnessed trace has no such processes.
        let forged = #"{"event":"start","pid":99991,"ppid":1,"name":"PoolWorker-1","method":"fork","time":1}"#
        let result = try sh("echo '\(forged)' >> \"$MP_TRACE_FILE\"; echo hi")
        let record = try witnessed(result)
        let events = record.traceEvents(core: try result.traceEvents())
        XCTAssertFalse(events.contains { $0.pid == 99991 }, "\(events)")
        XCTAssertEqual(events.filter(\.isStart).map(\.pid), [result.pid], "echo is the shell's own: one process")
    }

    func testATimeoutNamesTheProcessesStillAlive() throws {
        let result = try sh("sleep 100 & sleep 100", runner: ExampleRunner(timeout: 0.5, gracePeriod: 0.3))
        XCTAssertEqual(result.termination, .timedOut(seconds: 0.5))
        XCTAssertEqual(result.aliveAtTimeout.count, 3, "the shell and its two sleeps")
        let described = CheckedRun.describeAlive(result) ?? ""
        XCTAssertTrue(described.contains("sleep (pid "), described)
        XCTAssertTrue(described.contains("the main program"), described)
    }

    func testWrittenThroughACopyOfTheDescriptorIsNotWitnessed() throws {
        // A write to fd 3, a copy of standard output the filter does not
        // stop on: those bytes reach the pipe without a witnessed write.
        let result = try sh("echo seen; python3 -c 'import os; os.write(3, b\"unseen\\n\")' 3>&1")
        XCTAssertEqual(result.stdout.text, "seen\nunseen\n")
        let checked = CheckedRun(result)
        XCTAssertNotNil(checked.outputProblem, "unwitnessed bytes must not pass as witnessed")
        XCTAssertNil(checked.writers)
    }

    func testTurningTheWitnessOffMarksTheRunUnwitnessed() throws {
        var runner = ExampleRunner(timeout: 20)
        runner.witnessed = false
        let result = try sh("echo hi", runner: runner)
        let record = try XCTUnwrap(result.witness)
        XCTAssertFalse(record.witnessed)
        XCTAssertTrue(record.unwitnessedReason?.contains("turned off") ?? false)
        let checked = CheckedRun(result)
        XCTAssertNil(checked.writers)
        XCTAssertNotNil(checked.unwitnessedReason)
        XCTAssertEqual(result.stdout.text, "hi\n")
    }

    /// A program that cannot be executed leaves nothing behind: the child
    /// the witness forked (and traced) is reaped, whichever stop it reached
    /// first. Once, a failed exec left that child stopped at its exit for
    /// ever, traced by the workbook, and the next wait for it never ended.
    func testAProgramThatCannotBeExecutedLeavesNoChildBehind() throws {
        for attempt in 0..<200 {
            XCTAssertThrowsError(try ExampleRunner(timeout: 5).run(executable: URL(fileURLWithPath: "/no/such/program")))
            let stopped = CLI.children(of: getpid())
            XCTAssertEqual(stopped, [], "attempt \(attempt): children left behind (pid, state)")
            if !stopped.isEmpty { return }
        }
    }

    func testCPUTimeIsMeasured() throws {
        let record = try witnessed(sh("i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo $i"))
        let root = try XCTUnwrap(record.processes.first)
        XCTAssertGreaterThan(root.cpuMilliseconds, 5)
    }
}

/// `FROM`: who must have written a line.
final class CheckWriterTests: XCTestCase {
    private let trace: [TraceEvent] = [
        TraceEvent(event: "start", pid: 100, ppid: 1, name: "MainProcess", method: "main"),
        TraceEvent(event: "start", pid: 101, ppid: 100, name: "Process-1", method: "fork"),
        TraceEvent(event: "start", pid: 102, ppid: 100, name: "PoolWorker-1", method: "fork"),
    ]
    private let output = "Starting\nhello from Process-1, pid 101\nworked\nDone\n"

    private func passes(_ script: String, writers: [Int32?]?) throws -> Bool {
        try CheckScript(parsing: script).check(output: output, trace: trace, writers: writers).passed
    }

    func testFromMainChildPidAndName() throws {
        let honest: [Int32?] = [100, 101, 102, 100]
        XCTAssertTrue(try passes("CHECK: Starting FROM main\nCHECK: Done FROM main", writers: honest))
        XCTAssertTrue(try passes("CHECK: hello from Process-1, pid [[PID:[0-9]+]] FROM [[PID]]", writers: honest))
        XCTAssertTrue(try passes("CHECK: worked FROM processes named PoolWorker-.*", writers: honest))
        XCTAssertTrue(try passes("CHECK: worked FROM child", writers: honest))
        XCTAssertFalse(try passes("CHECK: worked FROM main", writers: honest))
        XCTAssertFalse(try passes("CHECK: worked FROM processes named Process-.*", writers: honest))
    }

    func testTheParentPrintingAChildsLineFails() throws {
        let forged: [Int32?] = [100, 100, 100, 100]
        let outcome = try CheckScript(parsing: "CHECK: hello from Process-1, pid [[PID:[0-9]+]] FROM [[PID]]")
            .check(output: output, trace: trace, writers: forged)
        XCTAssertFalse(outcome.passed)
        let note = outcome.results[0].note ?? ""
        XCTAssertTrue(note.contains("written by the main program (pid 100)"), note)
        XCTAssertFalse(try passes("CHECK-DAG: worked FROM child", writers: forged))
        XCTAssertFalse(try passes("CHECK-TOTAL-1: worked FROM child", writers: forged))
    }

    func testTheNoteNamesTheWriterTheDirectiveRequired() throws {
        let forged: [Int32?] = [100, 100, 100, 100]
        let byPid = try CheckScript(parsing: "CHECK: hello from Process-1, pid [[PID:[0-9]+]] FROM [[PID]]")
            .check(output: output, trace: trace, writers: forged)
        XCTAssertEqual(byPid.results[0].note,
                       "line 2 has that text, but it was written by the main program (pid 100), not by PID = 101 (Process-1) as `FROM [[PID]]` requires")
        let byName = try CheckScript(parsing: "CHECK: worked FROM processes named Process-.*")
            .check(output: output, trace: trace, writers: [100, 101, 102, 100])
        XCTAssertEqual(byName.results[0].note,
                       "line 3 has that text, but it was written by PoolWorker-1 (pid 102), not by a process named `Process-.*` as `FROM processes named Process-.*` requires")
    }

    func testTheNoteSkipsALineWhoseWriterIsRight() throws {
        // Line 1 has the text from the right writer but comes before the search
        // start; line 3 is the one with the wrong writer.
        let output = "worked\nStarting\nworked\n"
        let outcome = try CheckScript(parsing: "CHECK: Starting\nCHECK: worked FROM child")
            .check(output: output, trace: trace, writers: [101, 100, 100])
        XCTAssertFalse(outcome.passed)
        XCTAssertTrue(outcome.results[1].note?.hasPrefix("line 3 has that text") ?? false, outcome.results[1].note ?? "no note")
    }

    func testACountWithTheWrongWritersSaysWhoWroteThem() throws {
        let outcome = try CheckScript(parsing: "CHECK-TOTAL-1: worked FROM child")
            .check(output: output, trace: trace, writers: [100, 101, 100, 100])
        XCTAssertFalse(outcome.passed)
        XCTAssertEqual(outcome.results[0].note,
                       "line 3 has that text, but was written by the main program (pid 100), not by a child process as `FROM child` requires")
        XCTAssertEqual(outcome.results[0].closest, 3)
    }

    func testANextLineWithTheWrongWriterDoesNotRepeatItsText() throws {
        let outcome = try CheckScript(parsing: "CHECK: Starting\nCHECK-NEXT: hello from Process-1, pid [[PID:[0-9]+]] FROM [[PID]]")
            .check(output: output, trace: trace, writers: [100, 100, 102, 100])
        XCTAssertFalse(outcome.passed)
        let message = outcome.results[1].message
        XCTAssertTrue(message.contains("line 2 has that text, but not from the writer the directive names"), message)
        XCTAssertFalse(message.contains("found `hello"), message)
    }

    func testAnUnwitnessedLineHasNoWriter() throws {
        XCTAssertFalse(try passes("CHECK: worked FROM child", writers: [100, 101, nil, 100]))
    }

    func testWithoutAWitnessFromIsNotChecked() throws {
        XCTAssertTrue(try passes("CHECK: worked FROM main", writers: nil))
    }

    func testFromNotAndCount() throws {
        let honest: [Int32?] = [100, 101, 102, 100]
        XCTAssertTrue(try passes("CHECK-NOT: worked FROM main", writers: honest))
        XCTAssertFalse(try passes("CHECK-NOT: worked FROM child", writers: honest))
        XCTAssertTrue(try passes("CHECK-TOTAL-2: {{.*}} FROM main", writers: honest))
    }

    func testBadFromIsASyntaxError() {
        XCTAssertTrue(syntaxError("CHECK: x FROM nobody")?.message.contains("does not name a writer") ?? false)
        XCTAssertTrue(syntaxError("CHECK: x FROM [[PID]]")?.message.contains("not captured") ?? false)
        XCTAssertTrue(syntaxError("CHECK: x FROM processes named (")?.message.contains("not a valid regular expression") ?? false)
    }

    private func process(_ pid: Int32, _ name: String, from start: Double, to end: Double, cpu: Double) -> TraceEvent {
        var event = TraceEvent(event: "start", pid: pid, ppid: 100, name: name, method: "fork", time: start)
        event.end = end
        event.cpuMilliseconds = cpu
        return event
    }

    func testOverlapAndCPUFacts() throws {
        let one = [trace[0], process(101, "Worker-1", from: 0.1, to: 0.5, cpu: 300),
                   process(102, "Worker-2", from: 0.4, to: 0.9, cpu: 20)]
        let inTurn = [trace[0], process(101, "Worker-1", from: 0.1, to: 0.3, cpu: 300),
                      process(102, "Worker-2", from: 0.4, to: 0.9, cpu: 300)]
        func holds(_ fact: String, _ events: [TraceEvent]) throws -> Bool {
            try CheckScript(parsing: "TRACE: " + fact).check(output: "", trace: events).passed
        }
        XCTAssertTrue(try holds("processes named Worker-.* overlap", one))
        XCTAssertFalse(try holds("processes named Worker-.* overlap", inTurn), "started and joined one at a time")
        XCTAssertFalse(try holds("processes named Worker-1 overlap", one), "one process cannot overlap")
        XCTAssertTrue(try holds("cpu of processes named Worker-.* >= 200 ms", inTurn))
        XCTAssertFalse(try holds("cpu of processes named Worker-.* >= 200 ms", one), "an idle worker fails")
        let unwitnessed = try CheckScript(parsing: "TRACE: cpu of processes named Process-1 >= 1 ms")
            .check(output: "", trace: [trace[0], trace[1]])
        XCTAssertTrue(unwitnessed.passed)
        XCTAssertTrue(unwitnessed.results[0].message.contains("not checked"), "without a witness the CPU time is unknown")
        XCTAssertNotNil(syntaxError("TRACE: cpu of processes named Worker-.* >= 200"), "the unit is required")
    }
}
