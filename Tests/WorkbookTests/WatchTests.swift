import Foundation
import XCTest
@testable import Workbook

final class SourceWatcherTests: XCTestCase {
    func testSavesAreNoticedIncludingRenamesAndSwapFilesAreNot() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("main.swift")
        try Data("print(1)\n".utf8).write(to: file)
        var watcher = SourceWatcher(folder: folder)
        XCTAssertFalse(watcher.changed())

        // An editor's swap file is not a save.
        try Data("x".utf8).write(to: folder.appendingPathComponent(".main.swift.swp"))
        XCTAssertFalse(watcher.changed())

        // Saving by writing a new file and renaming it over the old one, same size.
        let temporary = folder.appendingPathComponent("main.swift.tmp~")
        try Data("print(2)\n".utf8).write(to: temporary)
        XCTAssertFalse(watcher.changed(), "a backup-named file is not a save")
        XCTAssertEqual(rename(temporary.path, file.path), 0)
        XCTAssertTrue(watcher.changed())
        XCTAssertFalse(watcher.changed())

        // A new file counts.
        try Data("let x = 1\n".utf8).write(to: folder.appendingPathComponent("More.swift"))
        XCTAssertTrue(watcher.changed())
    }
}

/// `workbook watch` over a pipe (not a terminal): it grades at once, again
/// on a save made by renaming, shows a hint on `h` and stops on `q`.
final class WatchCLITests: XCTestCase {
    func testWatchRegradesOnARenameSaveAndAnswersKeys() throws {
        let exercise = "01-factorials"
        let solution = CLI.binaries.appendingPathComponent("solution-\(exercise)")
        guard FileManager.default.isExecutableFile(atPath: solution.path) else { throw CLI.unavailable("solution-\(exercise) is not built") }
        let root = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Exercises"), withIntermediateDirectories: true)
        try Data("// a copy for a test\n".utf8).write(to: root.appendingPathComponent("Package.swift"))
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Exercises/\(exercise)"),
                                         to: root.appendingPathComponent("Exercises/\(exercise)"))
        let binaries = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: binaries, withIntermediateDirectories: true)
        for name in ["exercise-\(exercise)", "solution-\(exercise)"] {
            try FileManager.default.createSymbolicLink(at: binaries.appendingPathComponent(name), withDestinationURL: solution)
        }
        let output = root.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let input = Pipe()
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["watch", exercise, "--root", root.path, "--binaries", binaries.path, "--start-method", "fork",
                             "--interval", "0.1", "--progress-file", root.appendingPathComponent("progress.json").path]
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func text() -> String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }
        func wait(forCount count: Int, of marker: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if text().components(separatedBy: marker).count - 1 >= count { return true }
                usleep(50_000)
            }
            return false
        }
        XCTAssertTrue(wait(forCount: 1, of: "Watching "), text())
        let sources = root.appendingPathComponent("Exercises/\(exercise)/Sources")
        let temporary = sources.appendingPathComponent("main.swift.new")
        try Data("// saved\n".utf8).write(to: temporary)
        XCTAssertEqual(rename(temporary.path, sources.appendingPathComponent("main.swift").path), 0)
        XCTAssertTrue(wait(forCount: 2, of: "Watching "), "the save was not noticed:\n" + text())
        input.fileHandleForWriting.write(Data("h\n".utf8))
        XCTAssertTrue(wait(forCount: 1, of: "Hint 1 of"), text())
        input.fileHandleForWriting.write(Data("q\n".utf8))
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        XCTAssertFalse(process.isRunning, "q did not stop the watch")
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(text().contains("Stopped watching."), text())
    }
}
