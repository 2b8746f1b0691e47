import Foundation

/// What the workbook remembers of its own builds, to skip a `swift build`
/// that would do nothing. It lives in `.build/workbook/builds.json`.
///
/// For every product it built: the fingerprint of its inputs taken just
/// before the build, and its binary's path, size and time just after. For
/// the package: the toolchain and the folder SwiftPM put binaries in, the
/// layout of the last build and the state of SwiftPM's build plan
/// (`.build/debug.yaml`) that build left.
public struct BuildStamps: Codable, Sendable, Equatable {
    /// One product's last successful build.
    public struct Stamp: Codable, Sendable, Equatable {
        /// The inputs as they were when the build started.
        public var fingerprint: BuildFingerprint
        /// The executable the build left.
        public var binary: String
        /// The executable's size and time after the build.
        public var binaryState: FileState

        /// What a successful build saw and left, to tell the next run whether to build again.
        public init(fingerprint: BuildFingerprint, binary: String, binaryState: FileState) {
            self.fingerprint = fingerprint
            self.binary = binary
            self.binaryState = binaryState
        }
    }

    /// The format version; a file with another version is ignored.
    public var version = 1
    /// Stamps by product name.
    public var products: [String: Stamp] = [:]
    /// The toolchain identity ``binaryFolder`` was asked of.
    public var toolchain: String?
    /// What `swift build --show-bin-path` printed with that toolchain.
    public var binaryFolder: String?
    /// The layout key (``BuildFingerprint/layoutKey(_:)``) of the last build.
    public var layoutKey: String?
    /// `.build/debug.yaml` as the last build left it.
    public var planState: FileState?

    /// No stamps.
    public init() {}

    /// The workbook's folder inside SwiftPM's build folder.
    public static func folder(root: URL) -> URL {
        root.appendingPathComponent(".build/workbook")
    }

    /// The stamps file of a package.
    public static func file(root: URL) -> URL {
        folder(root: root).appendingPathComponent("builds.json")
    }

    /// The stamps of the package at `root`; empty when there are none or the
    /// file cannot be read (which only means building).
    public static func load(root: URL) -> BuildStamps {
        guard let data = try? Data(contentsOf: file(root: root)),
              let stamps = try? JSONDecoder().decode(BuildStamps.self, from: data),
              stamps.version == BuildStamps().version
        else { return BuildStamps() }
        return stamps
    }

    /// Writes the stamps (a temporary file, then a rename).
    public func save(root: URL) throws {
        let target = Self.file(root: root)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".builds.json.\(getpid()).tmp")
        try encoder.encode(self).write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw RunningError.setupFailed(what: "the build stamps \(target.path)", errno: code)
        }
    }

    /// Whether `product` needs `swift build`, given its fingerprint now.
    ///
    /// It is up to date only when the workbook built it before, every input
    /// is as it was when that build started, and the binary is where that
    /// build left it, unchanged. Anything else (no fingerprint, no stamp, a
    /// changed input or layout or toolchain, a missing or changed binary)
    /// means building.
    public func decision(for product: String, current: BuildFingerprint?) -> BuildDecision {
        guard let current else { return .build(reason: "the workbook does not know what \(product) is built from") }
        guard let stamp = products[product] else { return .build(reason: "\(product) has not been built by the workbook") }
        if stamp.fingerprint.toolchain != current.toolchain { return .build(reason: "the swift toolchain changed") }
        if stamp.fingerprint.layout != current.layout { return .build(reason: "the folders in Lessons/, Exercises/ or Tests/Cheats/ changed") }
        if stamp.fingerprint.inputs != current.inputs {
            let changed = zip(stamp.fingerprint.inputs, current.inputs).first { $0 != $1 }.map { $0.1 }
                ?? current.inputs.last ?? ""
            let path = changed.split(separator: " ").first.map(String.init) ?? changed
            return .build(reason: "a source changed (\(path))")
        }
        guard let state = FileState.following(stamp.binary) else { return .build(reason: "the binary \(stamp.binary) is missing") }
        guard state == stamp.binaryState, access(stamp.binary, X_OK) == 0 else {
            return .build(reason: "the binary \(stamp.binary) changed since the workbook built it")
        }
        return .upToDate(executablePath: stamp.binary)
    }
}

/// Whether to run `swift build` for a product.
public enum BuildDecision: Sendable, Equatable {
    /// Nothing it is built from changed since the workbook built this binary.
    case upToDate(executablePath: String)
    /// Build, for this reason.
    case build(reason: String)
}
