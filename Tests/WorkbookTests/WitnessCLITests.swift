import Foundation
import XCTest

/// The workbook killed outright (SIGKILL: no handler runs) takes every
/// process of the running example with it, even one that left the
/// example's process group: the kernel kills the witness's tracees when
/// their tracer dies, and the example itself has a parent-death signal.
final class WitnessCLITests: XCTestCase {
    func testKillingTheWorkbookWithSIGKILLLeavesNothingRunning() throws {
        guard let chapter = try CLI.realChapterFolders().first else { throw CLI.unavailable("no chapters in Lessons/ yet") }
        let scratch = try CLI.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: scratch) }
        let pidFile = scratch.appendingPathComponent("pids")
        // One sleeper in the example's group, one that left it (setsid).
        let fake = try CLI.fakeBinaries(
            product: "lesson-\(chapter)",
            script: "setsid sleep 100 & echo $! > '\(pidFile.path).escaped'; sleep 100 & echo $$ > '\(pidFile.path)'; wait")
        addTeardownBlock { try? FileManager.default.removeItem(at: fake) }
        let process = try CLI.start([
            "run", chapter, "--binaries", fake.path,
            "--progress-file", scratch.appendingPathComponent("progress.json").path,
        ])
        let deadline = Date().addingTimeInterval(20)
        func pid(_ path: String) -> Int32? {
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        while (pid(pidFile.path) == nil || pid(pidFile.path + ".escaped") == nil), Date() < deadline { usleep(20_000) }
        let group = try XCTUnwrap(pid(pidFile.path), "the example never started")
        let escaped = try XCTUnwrap(pid(pidFile.path + ".escaped"), "the escaping sleeper never started")
        defer {
            kill(-group, SIGKILL)
            kill(escaped, SIGKILL)
        }
        XCTAssertFalse(CLI.livingMembers(ofGroup: group).isEmpty)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        func alive(_ pid: Int32) -> Bool {
            guard let state = CLI.statFields(pid)?.first else { return false }
            return state != "Z"
        }
        let settled = Date().addingTimeInterval(5)
        while (!CLI.livingMembers(ofGroup: group).isEmpty || alive(escaped)), Date() < settled { usleep(20_000) }
        XCTAssertEqual(CLI.livingMembers(ofGroup: group), [], "the example's group outlived the workbook")
        XCTAssertFalse(alive(escaped), "the process that left the group outlived the workbook")
    }
}
