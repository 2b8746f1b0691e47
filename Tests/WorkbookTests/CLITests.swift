import Foundation
import XCTest
@testable import Workbook

/// End-to-end tests of the `workbook` command on the real chapters, on
/// copies made to fail, and on bad input. Nothing is built (`--skip-build`,
/// `--binaries`), and progress goes to temporary files.
final class CLITests: XCTestCase {
    private var scratch: URL!
    private var progressFile: String { scratch.appendingPathComponent("progress.json").path }

    override func setUpWithError() throws {
        scratch = try CLI.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The first real chapter folder, or a skip when there is none yet.
    private func firstChapter() throws -> String {
        guard let first = try CLI.realChapterFolders().first else { throw CLI.unavailable("no chapters in Lessons/ yet") }
        return first
    }

    private func removeLater(_ folder: URL) {
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: The real chapters

    func testCheckPassesOnTheRealChapters() throws {
        let chapters = try CLI.realChapterFolders()
        guard !chapters.isEmpty else { throw CLI.unavailable("no chapters in Lessons/ yet") }
        let unbuilt = chapters.map { "lesson-\($0)" }.filter {
            !FileManager.default.isExecutableFile(atPath: CLI.binaries.appendingPathComponent($0).path)
        }
        guard unbuilt.isEmpty else {
            // SwiftPM's caches do not notice a chapter folder added after the last build.
            return XCTFail("not built: \(unbuilt.joined(separator: ", ")); build with "
                + "`swift build --build-tests --manifest-cache none --disable-build-manifest-caching`")
        }
        let result = try CLI.run(["check", "--skip-build", "--progress-file", progressFile])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.lastLine, "\(chapters.count) passed, 0 failed", result.stdout)
        for chapter in chapters {
            XCTAssertTrue(result.stdout.contains(chapter), "the summary does not list \(chapter):\n\(result.stdout)")
        }

        // The check was recorded, and `list` shows it.
        let list = try CLI.run(["list", "--progress-file", progressFile])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(list.stdout.components(separatedBy: "passed (1 pass").count - 1, chapters.count, list.stdout)
        XCTAssertFalse(list.stdout.contains("not run"), list.stdout)
    }

    func testCheckJSONOnOneChapterUnderEveryStartMethod() throws {
        let chapter = try firstChapter()
        let result = try CLI.run([
            "check", chapter, "--json", "--skip-build", "--start-method", "all", "--progress-file", progressFile,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["passed"] as? Int, 1)
        XCTAssertEqual(json["failed"] as? Int, 0)
        let chapters = try XCTUnwrap(json["chapters"] as? [[String: Any]])
        XCTAssertEqual(chapters.count, 1)
        XCTAssertEqual(chapters[0]["status"] as? String, "PASS")
        let runs = try XCTUnwrap(chapters[0]["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.compactMap { $0["startMethod"] as? String }, ["spawn", "fork", "forkserver"])
        XCTAssertEqual(runs.compactMap { $0["exitStatus"] as? Int }, [0, 0, 0])
    }

    func testListOnAFreshProgressFileSaysNotRun() throws {
        _ = try firstChapter()
        let result = try CLI.run(["--progress-file", progressFile])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("not run"), result.stdout)
    }

    func testCorruptProgressFileIsAWarningNotAFailure() throws {
        _ = try firstChapter()
        try Data("{oops".utf8).write(to: URL(fileURLWithPath: progressFile))
        let result = try CLI.run(["list", "--progress-file", progressFile])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning:"), result.stderr)
        XCTAssertTrue(result.stdout.contains("not run"), result.stdout)
    }

    func testReadPrintsTheChapterWhenNotOnATerminal() throws {
        let chapter = try firstChapter()
        let result = try CLI.run(["read", chapter, "--width", "60"], environment: ["PAGER": "false"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.isEmpty)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "colour codes without a terminal")
        let parsed = try Catalog(root: CLI.packageRoot).chapter(matching: chapter)
        let title = try XCTUnwrap(result.stdout.range(of: parsed.title), "no title in:\n\(result.stdout)")
        if let minutes = parsed.minutes {
            let time = try XCTUnwrap(result.stdout.range(of: "About \(minutes) minute"), result.stdout)
            XCTAssertLessThan(title.lowerBound, time.lowerBound, "the time comes before the title")
        }
        if !parsed.goals.isEmpty { XCTAssertTrue(result.stdout.contains("In this chapter you will:"), result.stdout) }
        let html = try CLI.run(["read", chapter, "--html"])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.contains("<"), html.stdout)
    }

    // MARK: Chapters made to fail

    func testWrongExpectationGivesFailAnAnnotatedReportAndNonZeroExit() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        try CLI.append("```expect\nCHECK: a line this example never prints\n```\n", toChapter: chapter, in: root)
        let common = ["--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile]

        let run = try CLI.run(["run", chapter] + common)
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("a line this example never prints"), run.stdout)
        XCTAssertTrue(run.stdout.contains("did not match"), run.stdout)
        XCTAssertTrue(run.lastLine?.hasPrefix("FAIL  ") == true, run.stdout)

        let check = try CLI.run(["check"] + common)
        XCTAssertEqual(check.status, 1, check.stdout + check.stderr)
        XCTAssertEqual(check.lastLine, "0 passed, 1 failed", check.stdout)
        XCTAssertTrue(check.stdout.contains("a line this example never prints"), check.stdout)

        let list = try CLI.run(["list"] + ["--root", root.path, "--progress-file", progressFile])
        XCTAssertTrue(list.stdout.contains("failed (FAIL"), list.stdout)
    }

    func testHangingExampleTimesOutUsingTheChapterTimeout() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        try CLI.setFrontMatter("timeout:", to: "timeout: 1", chapter: chapter, in: root)
        let fake = try CLI.fakeBinaries(product: "lesson-\(chapter)", script: "echo waiting; sleep 100 & sleep 100")
        removeLater(fake)
        let started = Date()
        let result = try CLI.run(["run", chapter, "--root", root.path, "--binaries", fake.path, "--progress-file", progressFile])
        XCTAssertLessThan(Date().timeIntervalSince(started), 30)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.lastLine?.hasPrefix("TIMEOUT  ") == true, result.stdout)
        XCTAssertTrue(result.stdout.contains("after 1 s"), result.stdout)
        XCTAssertTrue(result.stdout.contains("waiting"), result.stdout)

        // --timeout overrides the chapter.
        let override = try CLI.run([
            "run", chapter, "--timeout", "0.5", "--root", root.path, "--binaries", fake.path, "--progress-file", progressFile,
        ])
        XCTAssertTrue(override.stdout.contains("after 0.5 s"), override.stdout)
    }

    func testCrashingExampleIsReportedWithItsSignal() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        let fake = try CLI.fakeBinaries(product: "lesson-\(chapter)", script: "echo about to crash >&2; kill -SEGV $$")
        removeLater(fake)
        let result = try CLI.run(["run", chapter, "--root", root.path, "--binaries", fake.path, "--progress-file", progressFile])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.lastLine?.hasPrefix("CRASH  ") == true, result.stdout)
        XCTAssertTrue(result.stdout.contains("signal 11 (SIGSEGV, segmentation fault)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("stderr| about to crash"), result.stdout)
    }

    func testNonZeroExitIsACrash() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        let fake = try CLI.fakeBinaries(product: "lesson-\(chapter)", script: "exit 4")
        removeLater(fake)
        let result = try CLI.run(["check", "--root", root.path, "--binaries", fake.path, "--progress-file", progressFile])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("exited with status 4"), result.stdout)
        XCTAssertEqual(result.lastLine, "0 passed, 1 failed")
    }

    func testStoppingTheWorkbookStopsTheExample() throws {
        let chapter = try firstChapter()
        let pidFile = scratch.appendingPathComponent("example.pid")
        let fake = try CLI.fakeBinaries(
            product: "lesson-\(chapter)", script: "sleep 100 & echo $$ > '\(pidFile.path)'; sleep 100")
        removeLater(fake)
        // A temporary folder of its own, to see that the trace file goes too.
        let traceFolder = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: traceFolder, withIntermediateDirectories: true)
        let process = try CLI.start(
            ["run", chapter, "--binaries", fake.path, "--progress-file", progressFile], environment: ["TMPDIR": traceFolder.path])
        let deadline = Date().addingTimeInterval(20)
        var group: Int32?
        while group == nil, Date() < deadline {
            group = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if group == nil { usleep(20_000) }
        }
        let example = try XCTUnwrap(group, "the example never started")
        XCTAssertFalse(CLI.livingMembers(ofGroup: example).isEmpty)
        defer {
            // Whatever happens, leave nothing running.
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            kill(-example, SIGKILL)
        }
        // SIGTERM rather than Ctrl-C's SIGINT: `swift test` may start tests with
        // SIGINT ignored, and the workbook keeps an inherited ignore.
        kill(process.processIdentifier, SIGTERM)
        let exitDeadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < exitDeadline { usleep(20_000) }
        XCTAssertFalse(process.isRunning, "the workbook did not end on SIGTERM")
        guard !process.isRunning else { return }
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertEqual(process.terminationStatus, SIGTERM)
        let settled = Date().addingTimeInterval(5)
        while !CLI.livingMembers(ofGroup: example).isEmpty, Date() < settled { usleep(20_000) }
        XCTAssertEqual(CLI.livingMembers(ofGroup: example), [], "the example outlived the workbook")
        let traces = (try? FileManager.default.contentsOfDirectory(atPath: traceFolder.path)) ?? []
        XCTAssertEqual(traces.filter { $0.hasPrefix("workbook-trace-") }, [], "the trace file was left behind")
    }

    // MARK: Bad input

    func testMalformedExpectBlockIsAClearError() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        try CLI.append("```expect\nCHEK: a typo\n```\n", toChapter: chapter, in: root)
        let run = try CLI.run(["run", chapter, "--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("workbook: error:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("chapter.md"), run.stderr)
        XCTAssertTrue(run.stderr.contains("CHEK"), run.stderr)

        let check = try CLI.run(["check", "--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile])
        XCTAssertEqual(check.status, 2, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("BROKEN  chapter"), check.stdout)
        XCTAssertTrue(check.stdout.contains("CHEK"), check.stdout)
        XCTAssertEqual(check.lastLine, "0 passed, 1 failed")
    }

    /// Two chapters, the first with a broken chapter.md: list and check show
    /// it as broken, with its error, and carry on with the other.
    func testABrokenChapterDoesNotStopTheOthers() throws {
        let folders = try CLI.realChapterFolders()
        guard folders.count >= 2 else { throw CLI.unavailable("needs two chapters") }
        let root = try CLI.workbookCopying(chapter: folders[0])
        removeLater(root)
        try FileManager.default.copyItem(
            at: CLI.packageRoot.appendingPathComponent("Lessons/\(folders[1])"),
            to: root.appendingPathComponent("Lessons/\(folders[1])"))
        try CLI.setFrontMatter("minutes:", to: "minutes: soon", chapter: folders[0], in: root)

        let list = try CLI.run(["list", "--root", root.path, "--progress-file", progressFile])
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = list.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(rows.contains { $0.contains(folders[0]) && $0.contains("broken") }, list.stdout)
        XCTAssertTrue(rows.contains { $0.hasPrefix(" \(Int(folders[1].prefix(2))!)  ") && $0.contains("not run") }, list.stdout)
        XCTAssertTrue(list.stdout.contains("minutes must be a whole number"), list.stdout)

        let check = try CLI.run(["check", "--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile])
        XCTAssertEqual(check.status, 2, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("minutes must be a whole number"), check.stdout)
        let table = check.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(table.contains { $0.hasPrefix(folders[0]) && $0.hasSuffix("BROKEN") }, check.stdout)
        XCTAssertTrue(table.contains { $0.hasPrefix(folders[1]) && $0.hasSuffix("PASS") }, check.stdout)
        XCTAssertEqual(check.lastLine, "1 passed, 1 failed")

        let json = try CLI.run(["check", "--json", "--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile])
        XCTAssertEqual(json.status, 2)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let chapters = try XCTUnwrap(document["chapters"] as? [[String: Any]])
        XCTAssertEqual(chapters.map { $0["status"] as? String }, ["BROKEN", "PASS"])
        XCTAssertTrue((chapters[0]["problem"] as? String)?.contains("minutes") ?? false)
    }

    func testAnUnwitnessedCheckSaysSo() throws {
        let chapter = try firstChapter()
        let result = try CLI.run(["check", chapter, "--skip-build", "--progress-file", progressFile],
                                 environment: ["WORKBOOK_WITNESS": "off"])
        XCTAssertTrue(result.stdout.contains("(unwitnessed)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("were not watched by the kernel"), result.stdout)
        let witnessed = try CLI.run(["check", chapter, "--skip-build", "--progress-file", progressFile])
        XCTAssertFalse(witnessed.stdout.contains("unwitnessed"), witnessed.stdout)
    }

    func testMissingExampleIsAClearError() throws {
        let chapter = try firstChapter()
        let root = try CLI.workbookCopying(chapter: chapter)
        removeLater(root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("Lessons/\(chapter)/Example"))
        let result = try CLI.run(["run", chapter, "--root", root.path, "--binaries", CLI.binaries.path, "--progress-file", progressFile])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("Example"), result.stderr)
    }

    func testMissingBinaryIsAClearError() throws {
        let chapter = try firstChapter()
        let empty = try CLI.temporaryFolder()
        removeLater(empty)
        let result = try CLI.run(["run", chapter, "--binaries", empty.path, "--progress-file", progressFile])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no built binary"), result.stderr)
    }

    func testUnknownChapterIsAClearError() throws {
        let chapter = try firstChapter()
        let commands: [([String], String)] = [
            (["run", "99", "--skip-build"], "99"),
            (["read", "no-such-chapter"], "no-such-chapter"),
            (["check", chapter, "zz-none", "--skip-build"], "zz-none"),
        ]
        for (command, name) in commands {
            let result = try CLI.run(command + ["--progress-file", progressFile])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("workbook: error:"), result.stderr)
            XCTAssertTrue(result.stderr.contains(name), result.stderr)
        }
    }

    func testBadOptionsAreRejected() throws {
        let cases: [([String], String)] = [
            (["run", "1", "--repeat", "0"], "--repeat must be at least 1"),
            (["check", "--repeat", "-2"], "--repeat must be at least 1 (got -2)"),
            (["run", "1", "--timeout", "-3"], "--timeout must be a number of seconds above 0"),
            (["run"], "Missing expected argument '<chapter>'"),
            (["check", "--start-method", "thread"], "The value 'thread' is invalid for '--start-method <method>'"),
            (["run", "1", "--timeout", "0"], "--timeout must be a number of seconds above 0"),
            (["run", "1", "--timeout", "1e300"], "at most 86400"),
            (["run", "1", "--timeout", "inf"], "at most 86400"),
            (["check", "--repeat", "9223372036854775807"], "--repeat can be at most 10000"),
            (["check", "--color", "sometimes"], "sometimes"),
            (["frobnicate"], "frobnicate"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments + ["--progress-file", progressFile])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            // One style for every error, whoever found it.
            XCTAssertTrue(result.stderr.hasPrefix("workbook: error: "), "\(arguments): \(result.stderr)")
        }
    }

    func testMissingRootIsAClearError() throws {
        let result = try CLI.run(["list", "--root", scratch.appendingPathComponent("nowhere").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("is not a workbook folder"), result.stderr)

        let outside = try CLI.run(["list"], in: scratch)
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stderr.contains("no workbook found"), outside.stderr)
    }

    func testHelpDocumentsTheExitStatuses() throws {
        for command in ["run", "check"] {
            let help = try CLI.run([command, "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
                .split(separator: " ").joined(separator: " ")
            XCTAssertTrue(help.contains("64 when the command line itself is wrong"), "\(command): \(help)")
            XCTAssertTrue(help.contains("1 when one did not"), "\(command): \(help)")
        }
    }

    func testEveryCommandHasHelp() throws {
        for command in [[], ["list"], ["read"], ["run"], ["check"], ["grade"], ["hint"], ["solution"], ["reset"], ["watch"], ["dev", "check"]] {
            let result = try CLI.run(command + ["--help"])
            XCTAssertEqual(result.status, 0, "\(command)")
            XCTAssertTrue(result.stdout.contains("OVERVIEW:"), "\(command): \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("Examples:"), "\(command): \(result.stdout)")
        }
    }
}
