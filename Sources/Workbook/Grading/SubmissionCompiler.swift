import Foundation

/// Compiles a submission's Swift files straight against the core the
/// workbook already built, with one `swiftc` call: no SwiftPM package per
/// submission. The core's module and object files come from the package's
/// build folder (`.build/debug`), so the core is built once for a class.
public struct SubmissionCompiler: Sendable {
    /// The package's build folder (holding `Modules/`, `Multiprocessing.build/`, ...).
    public let buildFolder: URL
    /// Seconds a compile may take.
    public var timeout: Double = 120

    /// A compiler for the core built in `buildFolder`.
    public init(buildFolder: URL) {
        self.buildFolder = buildFolder
    }

    /// What the core's objects are, or why they are not there.
    func coreObjects() throws -> [String] {
        let manager = FileManager.default
        var objects: [String] = []
        for (folder, suffix) in [("Multiprocessing.build", ".swift.o"), ("BinaryCoding.build", ".swift.o"), ("CMultiprocessing.build", ".c.o")] {
            let path = buildFolder.appendingPathComponent(folder).path
            let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
            objects += names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(path)/\($0)" }
        }
        guard objects.contains(where: { $0.hasSuffix(".swift.o") }),
              manager.fileExists(atPath: buildFolder.appendingPathComponent("Modules/Multiprocessing.swiftmodule").path) else {
            throw RunningError.buildToolFailed("the core is not built in \(buildFolder.path); run `swift build` first")
        }
        return objects
    }

    /// Compiles every `.swift` file under `sources` into `output`.
    /// - Returns: `.built` with the binary, or `.failed` with the compiler's errors.
    public func compile(sources: URL, into output: URL) throws -> BuildOutcome {
        let files = try ExerciseFiles.files(in: sources).filter { $0.hasSuffix(".swift") }
            .map { sources.appendingPathComponent($0).path }
        guard !files.isEmpty else {
            return .failed(BuildFailure(product: output.lastPathComponent, log: "error: no .swift file in \(sources.path)"))
        }
        let arguments = ["swiftc", "-swift-version", "6", "-Onone", "-module-name", "Submission",
                         "-I", buildFolder.appendingPathComponent("Modules").path,
                         "-Xcc", "-fmodule-map-file=" + buildFolder.appendingPathComponent("CMultiprocessing.build/module.modulemap").path]
            + files + (try coreObjects()) + ["-o", output.path]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-compile-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return .failed(BuildFailure(product: output.lastPathComponent, log: "error: the compiler ran for more than \(Int(timeout)) s"))
        }
        try? handle.close()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            return .failed(BuildFailure(product: output.lastPathComponent, log: String(text.prefix(20_000))))
        }
        return .built(executablePath: output.path)
    }
}
