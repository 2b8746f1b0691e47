import Foundation
import XCTest

/// Runs the built `workbook` binary (tests run after `swift build --build-tests`,
/// so it is next to the test program) and builds throw-away workbook folders.
enum CLI {
    /// The package root of this checkout.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where `swift build` put the binaries: the folder of this test
    /// program itself, which SwiftPM builds next to them (whatever its bin
    /// path is); `.build/debug` when that cannot be told.
    static let binaries: URL = {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let folder = me.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("workbook").path) { return folder }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    /// Whether the tests run in CI (the CI variable is set), where nothing
    /// they need may be missing.
    static let isCI = ProcessInfo.processInfo.environment["CI"] != nil

    /// A test's reason to stop for want of something (a binary, Chromium):
    /// a skip on a developer's machine, a failure in CI.
    static func unavailable(_ reason: String) -> any Error {
        isCI ? Unavailable(reason: reason) : XCTSkip(reason)
    }

    /// What CI lacked.
    struct Unavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { "needed in CI, but missing: \(reason)" }
    }
    /// The workbook command.
    static let binary = binaries.appendingPathComponent("workbook")

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The last non-empty line of stdout.
        var lastLine: String? { stdout.split(separator: "\n").last.map(String.init) }
    }

    /// Runs `workbook ARGUMENTS` and collects its exit status and both outputs.
    static func run(_ arguments: [String], in folder: URL? = nil, environment: [String: String] = [:]) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLI.unavailable("\(binary.path) is not built; run `swift build --build-tests` first")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outFile = scratch.appendingPathComponent("out")
        let errFile = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder ?? packageRoot
        var env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        env["NO_COLOR"] = "1"
        env.removeValue(forKey: "MP_START_METHOD")
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: try String(contentsOf: outFile, encoding: .utf8),
            stderr: try String(contentsOf: errFile, encoding: .utf8))
    }

    /// Starts `workbook ARGUMENTS` without waiting for it (output discarded).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLI.unavailable("\(binary.path) is not built; run `swift build --build-tests` first")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The pids in process group `group` that are alive (not zombies), from /proc.
    static func livingMembers(ofGroup group: Int32) -> [Int32] {
        processes().filter { pid in
            guard let fields = statFields(pid), fields.count > 2 else { return false }
            return Int32(fields[2]) == group && fields[0] != "Z"
        }.sorted()
    }

    /// The children of `parent`, each as "pid state", from /proc.
    static func children(of parent: Int32) -> [String] {
        processes().compactMap { pid in
            guard let fields = statFields(pid), fields.count > 1, Int32(fields[1]) == parent else { return nil }
            return "\(pid) \(fields[0])"
        }
    }

    /// The fields of /proc/PID/stat after "pid (comm)": state, ppid, pgrp, ...
    /// nil once the process is gone.
    static func statFields(_ pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// Every pid in /proc.
    private static func processes() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
    }

    /// The real chapter folders of this checkout, sorted.
    static func realChapterFolders() throws -> [String] {
        let lessons = packageRoot.appendingPathComponent("Lessons")
        return try FileManager.default.contentsOfDirectory(atPath: lessons.path)
            .filter { $0.first?.isNumber == true }.sorted()
    }

    /// A fresh folder for one test, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A workbook folder holding a copy of the real chapter `name`
    /// (a Package.swift that is never built, and Lessons/NAME).
    static func workbookCopying(chapter name: String) throws -> URL {
        let root = try temporaryFolder()
        try Data("// a copy for a test; never built\n".utf8).write(to: root.appendingPathComponent("Package.swift"))
        let lessons = root.appendingPathComponent("Lessons")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("Lessons/\(name)"), to: lessons.appendingPathComponent(name))
        return root
    }

    /// Appends `text` to the chapter.md of chapter `name` in `root`.
    static func append(_ text: String, toChapter name: String, in root: URL) throws {
        let file = root.appendingPathComponent("Lessons/\(name)/chapter.md")
        let old = try String(contentsOf: file, encoding: .utf8)
        try (old + "\n" + text).write(to: file, atomically: true, encoding: .utf8)
    }

    /// Replaces the first line starting with `prefix` in the front matter of
    /// chapter `name` in `root` (or adds `line` after the opening `---`).
    static func setFrontMatter(_ prefix: String, to line: String, chapter name: String, in root: URL) throws {
        let file = root.appendingPathComponent("Lessons/\(name)/chapter.md")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) {
            lines[index] = line
        } else {
            lines.insert(line, at: 1)
        }
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    /// A folder holding an executable shell script named `product`, standing
    /// in for a lesson binary.
    static func fakeBinaries(product: String, script: String) throws -> URL {
        let folder = try temporaryFolder()
        let file = folder.appendingPathComponent(product)
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: file)
        guard chmod(file.path, 0o755) == 0 else { throw CocoaError(.fileWriteNoPermission) }
        return folder
    }
}
