import Foundation

/// Builds chapters' example products with SwiftPM (`swift build`, debug
/// configuration, in the package root), or finds them prebuilt.
///
/// Building one product runs `swift build --product NAME`. Building several
/// runs one `swift build` for the whole package (SwiftPM takes only one
/// `--product`) and, if that fails, builds each product on its own so that
/// every error is put down to the example that has it.
///
/// A product the workbook built before is not built again when nothing it
/// is built from changed (see ``BuildFingerprint`` and ``BuildStamps``):
/// `swift build` would only spend a second or two finding that out.
///
/// While SwiftPM builds, its `[n/m]` steps are shown on ``statusLine`` (a
/// line rewritten in place) when there is one; ``announce`` is told when a
/// build starts and how it ended. SwiftPM runs with `TMPDIR` set to a
/// scratch folder of the workbook's, removed afterwards.
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
    /// Called with a short line when a build starts and when it ends (e.g. to print it on stderr).
    public var announce: @Sendable (String) -> Void
    /// Where to show SwiftPM's progress as it builds; nil: nowhere (only
    /// ``announce``'s lines).
    public var statusLine: BuildStatusLine?
    /// The `swift` to run; nil (the default): the first `swift` on `PATH`.
    public var swiftExecutable: String?
    /// Whether to skip builds of products whose inputs did not change since
    /// the workbook last built them (the default).
    public var skipsUpToDateBuilds = true

    /// Creates a builder.
    /// - Parameters:
    ///   - packageRoot: the folder holding `Package.swift`.
    ///   - mode: build, or use prebuilt binaries.
    ///   - statusLine: where to show build progress in place; by default
    ///     standard error when it is a terminal.
    ///   - announce: told about each build's start and end.
    public init(packageRoot: URL, mode: Mode = .swiftBuild,
                statusLine: BuildStatusLine? = BuildStatusLine.standardErrorIfTerminal(),
                announce: @escaping @Sendable (String) -> Void = { _ in }) {
        self.packageRoot = packageRoot
        self.mode = mode
        self.statusLine = statusLine
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
        let toolchain = BuildFingerprint.toolchainIdentity(swiftExecutable: swiftExecutable)
        var fingerprints: [String: BuildFingerprint] = [:]
        var stale: [String] = []
        let stamps = BuildStamps.load(root: packageRoot)
        for product in products {
            let fingerprint = BuildFingerprint.compute(root: packageRoot, product: product, toolchain: toolchain)
            fingerprints[product] = fingerprint
            let decision = skipsUpToDateBuilds
                ? stamps.decision(for: product, current: fingerprint)
                : .build(reason: "asked to build")
            if case .upToDate(let path) = decision {
                outcomes[product] = .built(executablePath: path)
            } else {
                stale.append(product)
            }
        }
        if stale.isEmpty {
            announce(products.count == 1 ? "\(products[0]) is up to date" : "all \(products.count) examples are up to date")
            return outcomes
        }
        let tool = SwiftBuildTool(packageRoot: packageRoot, swiftExecutable: swiftExecutable)
        try tool.withLock {
            var stamps = BuildStamps.load(root: packageRoot)
            let layout = BuildFingerprint.layout(root: packageRoot)
            let flags = cacheFlags(stamps: stamps, layout: layout)
            var swift = tool
            swift.environment["WORKBOOK_PACKAGE_LAYOUT"] = BuildFingerprint.layoutKey(layout)
            defer {
                stamps.layoutKey = BuildFingerprint.layoutKey(layout)
                stamps.planState = FileState.of(planFile.path)
                try? stamps.save(root: packageRoot)
            }
            if stale.count > 1 {
                let (status, log) = try build(stale, label: "the package", arguments: ["build"] + flags, swift: swift)
                if status == 0 {
                    let folder = try binaryFolder(swift: swift, flags: flags, stamps: &stamps, toolchain: toolchain)
                    for product in stale {
                        outcomes[product] = outcome(product, in: folder, log: log, fingerprint: fingerprints[product], stamps: &stamps)
                    }
                    return
                }
            }
            // One product, or the whole build failed: build each on its own to
            // see which of them have errors.
            for product in stale {
                let (status, log) = try build([product], label: product, arguments: ["build", "--product", product] + flags, swift: swift)
                if status == 0 {
                    let folder = try binaryFolder(swift: swift, flags: flags, stamps: &stamps, toolchain: toolchain)
                    outcomes[product] = outcome(product, in: folder, log: log, fingerprint: fingerprints[product], stamps: &stamps)
                } else {
                    stamps.products[product] = nil
                    outcomes[product] = .failed(BuildFailure(product: product, log: log))
                }
            }
        }
        return outcomes
    }

    /// SwiftPM's build plan, which the workbook checks it left as it was.
    private var planFile: URL { packageRoot.appendingPathComponent(".build/debug.yaml") }

    /// The options on SwiftPM's caches.
    ///
    /// `Package.swift` finds lessons by listing `Lessons/`, which SwiftPM's
    /// caches of the evaluated manifest and of the build plan know nothing
    /// of. The manifest cache is the package's own (`--manifest-cache local`)
    /// and its key holds `WORKBOOK_PACKAGE_LAYOUT`, a hash of the folder
    /// names, so a cached manifest always matches the folders. The build plan
    /// is reused only when the folders are those of the workbook's last
    /// build and the plan is the one that build left (no other `swift build`
    /// made another since); otherwise it is made afresh
    /// (`--disable-build-manifest-caching`), which costs a second or so.
    private func cacheFlags(stamps: BuildStamps, layout: [String]) -> [String] {
        let planKnown = stamps.layoutKey == BuildFingerprint.layoutKey(layout)
            && stamps.planState != nil && stamps.planState == FileState.of(planFile.path)
        return ["--manifest-cache", "local"] + (planKnown ? [] : ["--disable-build-manifest-caching"])
    }

    /// One `swift build`, its progress shown as it goes and its end announced.
    private func build(_ products: [String], label: String, arguments: [String], swift: SwiftBuildTool) throws -> (status: Int32, log: String) {
        let started = Date()
        let name = products.count == 1 ? products[0] : label
        if let statusLine {
            statusLine.show("building \(name)")
        } else {
            announce("building \(name)")
        }
        let result: (status: Int32, log: String)
        do {
            result = try swift.run(arguments) { line in
                guard let statusLine, let step = BuildStep(line: line) else { return }
                statusLine.show("building \(name) [\(step.current)/\(step.total)] \(step.text)")
            }
        } catch {
            statusLine?.clear()
            throw error
        }
        statusLine?.clear()
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        announce(result.status == 0 ? "built \(name) in \(seconds) s" : "building \(name) failed after \(seconds) s")
        return result
    }

    /// Built, if the build really left an executable for `product`; then its stamp is recorded.
    private func outcome(_ product: String, in folder: URL, log: String, fingerprint: BuildFingerprint?, stamps: inout BuildStamps) -> BuildOutcome {
        let binary = folder.appendingPathComponent(product)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            stamps.products[product] = nil
            return .failed(BuildFailure(
                product: product,
                log: log + "\nerror: the build succeeded but left no executable \(binary.path); "
                    + "is there a folder Lessons/\(product.dropFirst("lesson-".count))/Example?"))
        }
        if let fingerprint, let state = FileState.following(binary.path) {
            stamps.products[product] = BuildStamps.Stamp(fingerprint: fingerprint, binary: binary.path, binaryState: state)
        } else {
            stamps.products[product] = nil
        }
        return .built(executablePath: binary.path)
    }

    /// SwiftPM's binary folder: remembered for the toolchain that printed it,
    /// else asked of `swift build --show-bin-path`.
    private func binaryFolder(swift: SwiftBuildTool, flags: [String], stamps: inout BuildStamps, toolchain: String) throws -> URL {
        if stamps.toolchain == toolchain, let folder = stamps.binaryFolder {
            return URL(fileURLWithPath: folder)
        }
        let (status, log) = try swift.run(["build", "--show-bin-path"] + flags)
        let path = log.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard status == 0, path.hasPrefix("/") else {
            throw RunningError.buildToolFailed("`swift build --show-bin-path` printed no folder:\n\(log)")
        }
        stamps.toolchain = toolchain
        stamps.binaryFolder = path
        return URL(fileURLWithPath: path)
    }
}
