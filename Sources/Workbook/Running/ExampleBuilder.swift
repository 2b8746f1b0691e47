import Foundation

/// Builds chapters' example products with SwiftPM (`swift build`, debug
/// configuration, in the package root), or finds them prebuilt.
///
/// Building one product runs `swift build --product NAME`. Building several
/// runs one `swift build` for the whole package (SwiftPM takes only one
/// `--product`) and, if that fails, builds each product on its own so that
/// every error is put down to the example that has it.
///
/// In ``Mode/prebuilt(folder:)`` nothing is built: the binaries are expected
/// in the folder (e.g. `.build/debug` after `swift build --build-tests`).
/// That is what tests need: `swift test` holds SwiftPM's lock on `.build`, so
/// a `swift build` started from a test would wait for ever.
public struct ExampleBuilder: Sendable {
    /// Where the executables come from.
    public enum Mode: Sendable, Equatable {
        /// Build with `swift build` in the package root.
        case swiftBuild
        /// Use the binaries already in this folder; build nothing.
        case prebuilt(folder: URL)
    }

    /// The folder holding `Package.swift`.
    public var packageRoot: URL
    /// Whether to build or to use prebuilt binaries.
    public var mode: Mode
    /// Called with a short line before each build step (e.g. to print it on stderr).
    public var announce: @Sendable (String) -> Void

    /// Creates a builder.
    /// - Parameters:
    ///   - packageRoot: the folder holding `Package.swift`.
    ///   - mode: build, or use prebuilt binaries.
    ///   - announce: told about each build step before it starts.
    public init(packageRoot: URL, mode: Mode = .swiftBuild, announce: @escaping @Sendable (String) -> Void = { _ in }) {
        self.packageRoot = packageRoot
        self.mode = mode
        self.announce = announce
    }

    /// Builds one product.
    /// - Throws: ``RunningError/missingBinary(product:folder:)`` in prebuilt mode
    ///   when the binary is not there; ``RunningError/buildToolFailed(_:)`` when
    ///   `swift` cannot be started.
    public func build(product: String) throws -> BuildOutcome {
        try build(products: [product])[product] ?? .failed(BuildFailure(product: product, log: ""))
    }

    /// Builds several products, with as few `swift build` runs as it can.
    /// - Returns: an outcome for every product asked for.
    /// - Throws: as ``build(product:)``.
    public func build(products: [String]) throws -> [String: BuildOutcome] {
        switch mode {
        case .prebuilt(let folder):
            var outcomes: [String: BuildOutcome] = [:]
            for product in products {
                let binary = folder.appendingPathComponent(product)
                guard FileManager.default.isExecutableFile(atPath: binary.path) else {
                    throw RunningError.missingBinary(product: product, folder: folder.path)
                }
                outcomes[product] = .built(executablePath: binary.path)
            }
            return outcomes
        case .swiftBuild:
            return try buildWithSwiftPM(products)
        }
    }

    private func buildWithSwiftPM(_ products: [String]) throws -> [String: BuildOutcome] {
        guard !products.isEmpty else { return [:] }
        var outcomes: [String: BuildOutcome] = [:]
        if products.count > 1 {
            announce("building the package (swift build)")
            let (status, log) = try swift(["build"])
            if status == 0 {
                let folder = try binaryFolder()
                for product in products {
                    outcomes[product] = outcome(product, in: folder, log: log)
                }
                return outcomes
            }
        }
        // One product, or the whole build failed: build each on its own to
        // see which of them have errors.
        var folder: URL?
        for product in products {
            announce("building \(product) (swift build --product \(product))")
            let (status, log) = try swift(["build", "--product", product])
            if status == 0 {
                let binaries = try folder ?? binaryFolder()
                folder = binaries
                outcomes[product] = outcome(product, in: binaries, log: log)
            } else {
                outcomes[product] = .failed(BuildFailure(product: product, log: log))
            }
        }
        return outcomes
    }

    /// Built, if the build really left an executable for `product`.
    private func outcome(_ product: String, in folder: URL, log: String) -> BuildOutcome {
        let binary = folder.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            return .failed(BuildFailure(
                product: product,
                log: log + "\nerror: the build succeeded but left no executable \(binary.path); "
                    + "is there a folder Lessons/\(product.dropFirst("lesson-".count))/Example?"))
        }
        return .built(executablePath: binary.path)
    }

    private func binaryFolder() throws -> URL {
        let (status, log) = try swift(["build", "--show-bin-path"])
        let path = log.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard status == 0, path.hasPrefix("/") else {
            throw RunningError.buildToolFailed("`swift build --show-bin-path` printed no folder:\n\(log)")
        }
        return URL(fileURLWithPath: path)
    }

    /// Runs `swift ARGUMENTS` in the package root; returns its exit status and
    /// everything it printed (stdout and stderr together, in order).
    private func swift(_ arguments: [String]) throws -> (status: Int32, log: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Package.swift finds lessons by listing Lessons/, which SwiftPM's
        // caches of the evaluated manifest and of the build plan do not know
        // about: with them on, a chapter folder added after the first build
        // would not be a product. Evaluating afresh costs a second or two.
        process.arguments = ["swift"] + arguments + ["--manifest-cache", "none", "--disable-build-manifest-caching"]
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
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
