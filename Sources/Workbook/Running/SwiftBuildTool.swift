#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs `swift build` for the workbook: in the package root, with `TMPDIR`
/// set to a scratch folder of the workbook's that is removed afterwards (so
/// SwiftPM's `TemporaryDirectory.*` folders do not pile up in `/tmp`), its
/// output read as it comes, line by line.
struct SwiftBuildTool {
    /// The folder holding `Package.swift`.
    var packageRoot: URL
    /// The `swift` to run; nil: the first on `PATH`.
    var swiftExecutable: String?
    /// Extra environment variables.
    var environment: [String: String] = [:]

    /// `.build/workbook/tmp`: the same path every time, as `TMPDIR` is part
    /// of the key of SwiftPM's manifest cache.
    var scratchFolder: URL { BuildStamps.folder(root: packageRoot).appendingPathComponent("tmp") }

    /// Runs `body` holding the workbook's build lock (`.build/workbook/lock`),
    /// so that two workbooks never share the scratch folder.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let folder = BuildStamps.folder(root: packageRoot)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let descriptor = open(folder.appendingPathComponent("lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        if descriptor >= 0 {
            while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        }
        defer { if descriptor >= 0 { close(descriptor) } }
        return try body()
    }

    /// Runs `swift ARGUMENTS`; calls `onLine` with every line it prints (stdout
    /// and stderr together, in order) as it prints it, and returns its exit
    /// status and everything it printed.
    func run(_ arguments: [String], onLine: (String) -> Void = { _ in }) throws -> (status: Int32, log: String) {
        let scratch = scratchFolder
        try? FileManager.default.removeItem(at: scratch)
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        } catch {
            throw RunningError.buildToolFailed("cannot make the scratch folder \(scratch.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        linkSharedLocks(into: scratch)

        let process = Process()
        if let swiftExecutable {
            process.executableURL = URL(fileURLWithPath: swiftExecutable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["swift"] + arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = scratch.path
        for (name, value) in self.environment { environment[name] = value }
        process.environment = environment
        process.currentDirectoryURL = packageRoot
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        ProcessTree.installInterruptHandlers()
        do { try process.run() } catch {
            throw RunningError.buildToolFailed(error.localizedDescription)
        }
        // Foundation starts it in a process group of its own, which a Ctrl-C
        // at the terminal does not reach: the interrupt handler kills that
        // group, so no build outlives the workbook holding SwiftPM's lock.
        ProcessTree.noteRunning(group: process.processIdentifier, traceFile: nil)
        defer { ProcessTree.noteRunning(group: 0, traceFile: nil) }
        try? pipe.fileHandleForWriting.close()

        let descriptor = pipe.fileHandleForReading.fileDescriptor
        var log: [UInt8] = []
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            log.append(contentsOf: buffer[0..<count])
            pending.append(contentsOf: buffer[0..<count])
            while let end = pending.firstIndex(where: { $0 == 10 || $0 == 13 }) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                if !line.isEmpty { onLine(line) }
            }
        }
        if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: log, as: UTF8.self))
    }

    /// SwiftPM keeps some of its file locks in the temporary folder
    /// (`_root_.swiftpm.lock`, `_work_main_.build_Package.resolved.lock`,
    /// ...). With `TMPDIR` moved, the locks it has already made in the real
    /// temporary folder are linked into the scratch folder, so that a build
    /// of ours still excludes other SwiftPM runs on them. (The lock on the
    /// build folder itself, `.build/.lock`, does not move.)
    private func linkSharedLocks(into scratch: URL) {
        let real = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: real) else { return }
        for name in names where name.hasPrefix("_") && name.hasSuffix(".lock") {
            _ = symlink(real + "/" + name, scratch.appendingPathComponent(name).path)
        }
    }
}
