import Foundation
import XCTest
@testable import Workbook

final class RunnerTests: XCTestCase {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    private func sh(_ script: String, runner: ExampleRunner = ExampleRunner(timeout: 20)) throws -> RunResult {
        try runner.run(executable: shell, arguments: ["-c", script])
    }

    /// Whether any process is still in process group `group` (zombies included).
    private func groupAlive(_ group: Int32) -> Bool {
        kill(-group, 0) == 0 || errno != ESRCH
    }

    private func processAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    func testCleanExitCapturesStdoutAndStderrSeparately() throws {
        let result = try sh("echo out; echo err >&2; echo more")
        XCTAssertEqual(result.termination, .exited(0))
        XCTAssertTrue(result.termination.isCleanExit)
        XCTAssertEqual(result.stdout.text, "out\nmore\n")
        XCTAssertEqual(result.stderr.text, "err\n")
        XCTAssertFalse(result.stdout.wasCut)
        XCTAssertNil(result.stdout.cutNote(stream: "stdout"))
    }

    func testNonZeroExitStatusIsReported() throws {
        let result = try sh("exit 3")
        XCTAssertEqual(result.termination, .exited(3))
        XCTAssertFalse(result.termination.isCleanExit)
        XCTAssertEqual(result.termination.summary, "exit status 3")
    }

    func testSignalIsReportedWithItsName() throws {
        let result = try sh("kill -SEGV $$")
        XCTAssertEqual(result.termination, .signalled(SIGSEGV))
        XCTAssertTrue(result.termination.summary.contains("11 (SIGSEGV, segmentation fault)"), result.termination.summary)
    }

    func testTimeoutKillsTheWholeProcessTree() throws {
        let runner = ExampleRunner(timeout: 0.5, gracePeriod: 0.5)
        let started = Date()
        let result = try sh("sleep 100 & sleep 100", runner: runner)
        XCTAssertEqual(result.termination, .timedOut(seconds: 0.5))
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertFalse(groupAlive(result.pid), "a process of the example's group survived the timeout")
    }

    func testTimeoutEscalatesToSigkillWhenSigtermIsIgnored() throws {
        // An ignored SIGTERM is inherited by sleep, so only SIGKILL ends it.
        let runner = ExampleRunner(timeout: 0.3, gracePeriod: 0.3)
        let result = try sh("trap '' TERM; sleep 100 & sleep 100", runner: runner)
        XCTAssertEqual(result.termination, .timedOut(seconds: 0.3))
        XCTAssertFalse(groupAlive(result.pid))
    }

    func testBackgroundChildDoesNotOutliveAProgramThatExited() throws {
        let started = Date()
        let result = try sh("sleep 100 & echo started")
        XCTAssertEqual(result.termination, .exited(0))
        XCTAssertEqual(result.stdout.text, "started\n")
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "the runner waited for the background child")
        XCTAssertFalse(groupAlive(result.pid))
    }

    func testDescendantThatLeftTheGroupIsKilledToo() throws {
        guard ProcessTree.isSubreaper else { throw CLI.unavailable("this kernel does not allow a child subreaper") }
        // setsid puts the sleeper in a new session and group, out of reach of
        // the group kill; the subreaper sweep must still find it.
        let result = try sh("setsid sleep 100 & echo $!; sleep 0.2")
        let escaped = try XCTUnwrap(Int32(result.stdout.text.trimmingCharacters(in: .whitespacesAndNewlines)))
        XCTAssertFalse(processAlive(escaped), "the process that called setsid survived the run")
    }

    func testOutputIsCappedWithANote() throws {
        let runner = ExampleRunner(timeout: 20, outputLimit: 1000)
        let result = try sh("i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done", runner: runner)
        XCTAssertEqual(result.termination, .exited(0))
        XCTAssertEqual(result.stdout.totalBytes, 5500)
        XCTAssertEqual(result.stdout.keptBytes, 1000)
        XCTAssertEqual(result.stdout.text.utf8.count, 1000)
        XCTAssertTrue(result.stdout.wasCut)
        let note = try XCTUnwrap(result.stdout.cutNote(stream: "stdout"))
        XCTAssertTrue(note.contains("5500 bytes"), note)
        XCTAssertTrue(note.contains("first 1000"), note)
    }

    func testEnvironmentCarriesTraceFileAndStartMethod() throws {
        let result = try ExampleRunner(timeout: 20).run(
            executable: shell,
            arguments: ["-c", "echo \"$MP_START_METHOD\"; echo '{\"event\":\"start\"}' >> \"$MP_TRACE_FILE\"; echo \"$MP_TRACE_FILE\""],
            startMethod: .forkserver)
        let lines = result.stdout.text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "forkserver")
        XCTAssertEqual(result.traceLines, ["{\"event\":\"start\"}"])
        XCTAssertEqual(result.startMethod, .forkserver)
        let traceFile = try XCTUnwrap(lines.last)
        XCTAssertFalse(FileManager.default.fileExists(atPath: traceFile), "the trace file was not removed")
    }

    func testTheWorkbooksOwnDescriptorsDoNotReachTheExample() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0) // deliberately without close-on-exec
        defer { ends.forEach { close($0) } }
        let result = try sh("for f in /proc/$$/fd/*; do echo ${f##*/}; done")
        let open = Set(result.stdout.text.split(separator: "\n").compactMap { Int32($0) })
        XCTAssertTrue(open.isSuperset(of: [0, 1, 2]), "\(open)")
        XCTAssertFalse(open.contains(ends[0]) || open.contains(ends[1]), "the example inherited \(ends): \(open)")
    }

    func testMissingProgramThrows() {
        XCTAssertThrowsError(try ExampleRunner().run(executable: URL(fileURLWithPath: "/no/such/program"))) { error in
            guard case RunningError.spawnFailed(let path, _) = error else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(path, "/no/such/program")
        }
    }

    func testStartMethodSelection() throws {
        XCTAssertEqual(try StartMethodChoice.parseSelection("all"), [.spawn, .fork, .forkserver])
        XCTAssertEqual(try StartMethodChoice.parseSelection("Fork"), [.fork])
        XCTAssertEqual(try StartMethodChoice.parseSelection("default"), [nil])
        XCTAssertThrowsError(try StartMethodChoice.parseSelection("thread")) { error in
            XCTAssertEqual(error as? RunningError, .unknownStartMethod("thread"))
            XCTAssertTrue("\(error)".contains("spawn, fork, forkserver, all or default"))
        }
    }
}
