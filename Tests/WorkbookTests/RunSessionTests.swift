import Foundation
import XCTest
@testable import Workbook

/// ChapterSession on a throw-away chapter whose "example" is a shell script.
final class RunSessionTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Lessons/01-demo/Example"), withIntermediateDirectories: true)
        try Data("print(1)\n".utf8).write(to: root.appendingPathComponent("Lessons/01-demo/Example/main.swift"))
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: root)
    }

    private func chapter(expect: String, frontMatter: String = "") throws -> Chapter {
        let text = "---\ntitle: Demo\n\(frontMatter)---\n\nText.\n\n```expect\n\(expect)\n```\n"
        try Data(text.utf8).write(to: root.appendingPathComponent("Lessons/01-demo/chapter.md"))
        return try Catalog(root: root).chapter(matching: "1")
    }

    private func script(_ body: String) throws -> BuildOutcome {
        let file = root.appendingPathComponent("example.sh")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: file)
        XCTAssertEqual(chmod(file.path, 0o755), 0)
        return .built(executablePath: file.path)
    }

    private var unwitnessed: ExampleRunner {
        var runner = ExampleRunner(timeout: 20)
        runner.witnessed = false
        return runner
    }

    /// The script writes a trace saying pid 4242 is its child and prints it.
    private func forgedChild() throws -> BuildOutcome {
        try script("""
        echo "{\\"event\\":\\"start\\",\\"pid\\":$$,\\"ppid\\":1,\\"name\\":\\"MainProcess\\",\\"method\\":\\"main\\",\\"time\\":1.0}" >> "$MP_TRACE_FILE"
        echo "{\\"event\\":\\"start\\",\\"pid\\":4242,\\"ppid\\":$$,\\"name\\":\\"Process-1\\",\\"method\\":\\"fork\\",\\"time\\":1.1}" >> "$MP_TRACE_FILE"
        echo "child 4242"
        """)
    }

    func testWithoutAWitnessTheTraceFileIsBelievedAndTheRunSaysSo() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: child [[PID:[0-9]+]]\nTRACE: child [[PID]]"))
        let results = session.run(try forgedChild(), runner: unwitnessed, repeats: 1, methods: [nil])
        XCTAssertEqual(results.count, 1)
        let result = try XCTUnwrap(results.first)
        XCTAssertEqual(result.status, .pass, result.outcomes.map { $0.report(color: false) }.joined())
        XCTAssertNil(result.traceProblem)
        XCTAssertEqual(result.run?.traceLines.count, 2)
        XCTAssertNotNil(result.unwitnessedReason)
        XCTAssertTrue(result.sentence.contains("not witnessed"), result.sentence)
    }

    func testAWitnessedRunDoesNotBelieveAForgedTraceFile() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: child [[PID:[0-9]+]]\nTRACE: child [[PID]]"))
        let result = try XCTUnwrap(session.run(try forgedChild(), runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .fail, result.sentence)
        XCTAssertNil(result.unwitnessedReason)
        XCTAssertTrue(result.outcomes[0].report(color: false).contains("not the pid of any child process"))
    }

    func testUnreadableTraceFailsAnUnwitnessedRun() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: done\nTRACE: processes == 0"))
        let build = try script("echo 'not json' >> \"$MP_TRACE_FILE\"; echo done")
        let result = try XCTUnwrap(session.run(build, runner: unwitnessed, repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .fail, "a vacuous `processes == 0` must not pass")
        let problem = try XCTUnwrap(result.traceProblem)
        XCTAssertTrue(problem.contains("could not be read"), problem)
        XCTAssertTrue(result.sentence.contains("trace facts could not be checked"), result.sentence)
        // Witnessed, the kernel's record stands instead of the file: no child ran.
        let witnessed = try XCTUnwrap(session.run(build, runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(witnessed.status, .pass, witnessed.sentence)
    }

    func testStrictModeFailsOnAnUnexpectedLineAndAllowLetsItThrough() throws {
        let build = try script("echo one; echo; echo took 12 ms; echo two")
        let strict = try ChapterSession(chapter: chapter(expect: "CHECK: one\nCHECK: two"))
        let failed = try XCTUnwrap(strict.run(build, runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(failed.status, .fail)
        XCTAssertEqual(failed.unexpectedLines.map(\.number), [3], "blank lines need no check")
        XCTAssertTrue(failed.sentence.contains("line 3 `took 12 ms`"), failed.sentence)
        let allowed = try ChapterSession(chapter: chapter(expect: "CHECK: one\nCHECK: two\nALLOW: took {{[0-9]+}} ms"))
        let passed = try XCTUnwrap(allowed.run(build, runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(passed.status, .pass, passed.sentence)
        let relaxed = try ChapterSession(chapter: chapter(expect: "CHECK: one\nCHECK: two", frontMatter: "strict: false\n"))
        let loose = try XCTUnwrap(relaxed.run(build, runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(loose.status, .pass, loose.sentence)
    }

    func testWrongOutputFailsWithAReport() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: hello"))
        let result = try XCTUnwrap(session.run(try script("echo goodbye"), runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .fail)
        XCTAssertTrue(result.sentence.contains("1 expect block of 1"), result.sentence)
        XCTAssertTrue(result.outcomes[0].report(color: false).contains("goodbye"))
    }

    /// A forbidden line past the output cap would go unseen, so a cut
    /// output cannot pass.
    func testOutputOverTheCapCannotPass() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: start\nCHECK-TOTAL-0: ERROR"))
        let build = try script("echo start; head -c 200000 /dev/zero | tr '\\0' 'y'; echo; echo ERROR")
        let result = try XCTUnwrap(session.run(build, runner: ExampleRunner(timeout: 20, outputLimit: 64 * 1024), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .fail)
        XCTAssertTrue(result.sentence.contains("could not see all of its output"), result.sentence)
    }

    /// A start method exported in the learner's shell does not leak into a
    /// run that asked for the library's default.
    func testTheDefaultMethodIsTheLibrarysNotTheShells() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: method=[[M:.*]]end"))
        let runner = ExampleRunner(timeout: 20, environment: ["MP_START_METHOD": "spawn"])
        let result = try XCTUnwrap(session.run(try script("echo \"method=${MP_START_METHOD}end\""), runner: runner, repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .pass)
        XCTAssertEqual(result.outcomes.first?.captures.first?.value, "")
    }

    func testFakedTraceClaimFails() throws {
        // The output claims a child, but the trace has none: the check must see through it.
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: child [[PID:[0-9]+]]\nTRACE: child [[PID]]"))
        let result = try XCTUnwrap(session.run(try script("echo child 4242"), runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(result.status, .fail)
    }

    func testRepeatsRunUnderEveryMethodInOrder() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: method [[M:.*]]"))
        let build = try script("echo method ${MP_START_METHOD:-unset}")
        let results = session.run(build, runner: ExampleRunner(timeout: 20), repeats: 2, methods: StartMethodChoice.allCases)
        XCTAssertEqual(results.map(\.startMethod), [.spawn, .spawn, .fork, .fork, .forkserver, .forkserver])
        XCTAssertEqual(results.map(\.repeatNumber), [1, 2, 1, 2, 1, 2])
        XCTAssertEqual(results.map { $0.run?.stdout.text }, [
            "method spawn\n", "method spawn\n", "method fork\n", "method fork\n", "method forkserver\n", "method forkserver\n",
        ])
        XCTAssertEqual(overallStatus(of: results), .pass)
    }

    func testCrashAndTimeoutAreNotChecked() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: never"))
        let crash = try XCTUnwrap(session.run(try script("kill -ABRT $$"), runner: ExampleRunner(timeout: 20), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(crash.status, .crash)
        XCTAssertTrue(crash.sentence.contains("SIGABRT"), crash.sentence)
        XCTAssertTrue(crash.outcomes.isEmpty)

        let hang = try XCTUnwrap(session.run(try script("sleep 100"), runner: ExampleRunner(timeout: 0.3, gracePeriod: 0.2), repeats: 1, methods: [nil]).first)
        XCTAssertEqual(hang.status, .timeout)
        XCTAssertTrue(hang.sentence.contains("0.3 s"), hang.sentence)
        XCTAssertEqual(overallStatus(of: [crash, hang]), .crash)
    }

    func testTimeoutComesFromTheChapterUnlessOverridden() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: x", frontMatter: "timeout: 7\n"))
        XCTAssertEqual(session.timeout(override: nil), 7)
        XCTAssertEqual(session.timeout(override: 2.5), 2.5)
        let plain = try ChapterSession(chapter: chapter(expect: "CHECK: x"))
        XCTAssertEqual(plain.timeout(override: nil), 120)
    }

    func testBuildErrorGivesOneResultPerMethod() throws {
        let session = try ChapterSession(chapter: chapter(expect: "CHECK: x"))
        let failure = BuildFailure(product: "lesson-01-demo", log: "main.swift:1:1: error: nope")
        let results = session.run(.failed(failure), runner: ExampleRunner(), repeats: 3, methods: [.spawn, .fork])
        XCTAssertEqual(results.map(\.status), [.buildError, .buildError])
        XCTAssertEqual(results.first?.buildFailure?.errors, ["main.swift:1:1: error: nope"])
    }

    func testMalformedExpectBlockIsRejectedWithItsLine() throws {
        XCTAssertThrowsError(try ChapterSession(chapter: chapter(expect: "CHECK: fine\nCHEK: typo"))) { error in
            let syntax = error as? CheckSyntaxError
            XCTAssertNotNil(syntax, "\(error)")
            XCTAssertEqual(syntax?.line, 9) // ---, title, ---, blank, Text., blank, ```expect, CHECK, CHEK
        }
    }
}
