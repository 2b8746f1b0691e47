import Foundation

/// Compiles a submission's Swift files straight against the core the
/// workbook already built, with one `swiftc` call: no SwiftPM package per
/// submission. The core's module and object files come from the package's
/// build folder (`.build/debug`), so the core is built once for a class.
public struct SubmissionCompiler: Sendable {
    /// The package's build folder (holding `Modules/`, `Multiprocessing.build/`, ...).
    public let buildFolder: URL
    /// A program on the core that SwiftPM linked (an exercise's solution):
    /// its link list names exactly the core's objects, swift-crypto's C
    /// parts included, and none left behind by a deleted source file.
    public let linkedProgram: String
    /// Seconds a compile may take.
    public var timeout: Double = 120

    /// A compiler for the core built in `buildFolder`, linking what
    /// `linkedProgram` (a product built there) links besides its own code.
    public init(buildFolder: URL, linkedProgram: String) {
        self.buildFolder = buildFolder
        self.linkedProgram = linkedProgram
    }

    /// What the core's objects are, or why they are not there.
    func coreObjects() throws -> [String] {
        let list = buildFolder.appendingPathComponent("\(linkedProgram).product/Objects.LinkFileList")
        guard let text = try? String(contentsOf: list, encoding: .utf8),
              FileManager.default.fileExists(atPath: buildFolder.appendingPathComponent("Modules/Multiprocessing.swiftmodule").path) else {
            throw RunningError.buildToolFailed("the core is not built in \(buildFolder.path) "
                + "(no \(list.lastPathComponent) for \(linkedProgram)); run `swift build --product \(linkedProgram)` first")
        }
        let own = "/\(linkedProgram).build/"
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            .filter { !$0.isEmpty && !$0.contains(own) }
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
            // swift-crypto's BoringSSL has C++ parts.
            + files + (try coreObjects()) + ["-lstdc++", "-o", output.path]
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
