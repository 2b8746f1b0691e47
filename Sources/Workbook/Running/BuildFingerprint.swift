#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A file's size and modification time, as `lstat` reports them (the time
/// to the nanosecond).
public struct FileState: Codable, Sendable, Equatable, Hashable {
    /// The size in bytes.
    public var size: Int64
    /// The modification time, in nanoseconds since 1970.
    public var modified: Int64

    /// A file's size and modification time as `stat` reported them.
    public init(size: Int64, modified: Int64) {
        self.size = size
        self.modified = modified
    }

    /// The state of the file at `path`, or nil when there is none (a
    /// symbolic link is described itself, not followed).
    public static func of(_ path: String) -> FileState? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileState(size: Int64(info.st_size),
                         modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    /// Like ``of(_:)`` but following symbolic links.
    public static func following(_ path: String) -> FileState? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileState(size: Int64(info.st_size),
                         modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}

/// Everything an example product is built from, as names, sizes and
/// modification times: when two fingerprints are equal, a build would do
/// nothing.
///
/// It covers the product's own source folder (`Lessons/NN-slug/Example` for
/// `lesson-NN-slug`, `Tests/Cheats/NAME` for `cheat-NAME`,
/// `Exercises/NN-slug/Sources` for `exercise-NN-slug`), the core
/// (`Sources/Multiprocessing`, `Sources/CMultiprocessing`), `Package.swift`
/// and `Package.resolved`, the package's layout (the folder names in
/// `Lessons/` and `Tests/Cheats/`, which `Package.swift` lists) and the
/// `swift` toolchain. Every file and folder below a source folder is listed,
/// so a new, removed, renamed, resized or touched file changes it.
public struct BuildFingerprint: Codable, Sendable, Equatable {
    /// One line per input file or folder: `path size mtime` (path relative
    /// to the package root), in a fixed order.
    public var inputs: [String]
    /// The package's layout: `Lessons/NAME` (with `+Example` when it has an
    /// `Example` folder), `Exercises/NAME` (with `+` and each of exercise.md,
    /// Sources, Solution and Serial it has, which decide its targets) and
    /// `Tests/Cheats/NAME`, sorted.
    public var layout: [String]
    /// The `swift` found on `PATH`, resolved, with its size and time.
    public var toolchain: String

    /// Creates a fingerprint from its parts.
    public init(inputs: [String], layout: [String], toolchain: String) {
        self.inputs = inputs
        self.layout = layout
        self.toolchain = toolchain
    }

    /// The folders, relative to the package root, that every example is built from.
    public static let coreFolders = ["Sources/Multiprocessing", "Sources/CMultiprocessing"]
    /// The files, relative to the package root, that every example is built from.
    public static let manifestFiles = ["Package.swift", "Package.resolved"]

    /// The source folder of a product, relative to the package root, or nil
    /// when the workbook does not know where it comes from (such a product
    /// is always built).
    public static func sourceFolder(of product: String) -> String? {
        if product.hasPrefix("lesson-"), product.count > "lesson-".count {
            return "Lessons/\(product.dropFirst("lesson-".count))/Example"
        }
        if product.hasPrefix("cheat-"), product.count > "cheat-".count {
            return "Tests/Cheats/\(product.dropFirst("cheat-".count))"
        }
        for (prefix, subfolder) in [("exercise-", "Sources"), ("solution-", "Solution"), ("serial-", "Serial")]
        where product.hasPrefix(prefix) && product.count > prefix.count {
            return "Exercises/\(product.dropFirst(prefix.count))/\(subfolder)"
        }
        return nil
    }

    /// The fingerprint of `product` in the package at `root` now, or nil when
    /// its source folder is unknown or missing.
    /// - Parameter toolchain: the toolchain's identity (see ``toolchainIdentity(swiftExecutable:)``).
    public static func compute(root: URL, product: String, toolchain: String) -> BuildFingerprint? {
        guard let folder = sourceFolder(of: product) else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(folder).path, isDirectory: &isFolder),
              isFolder.boolValue else { return nil }
        var inputs: [String] = []
        for file in manifestFiles {
            inputs.append(line(file, FileState.of(root.appendingPathComponent(file).path)))
        }
        for tree in [folder] + coreFolders {
            list(tree, root: root, into: &inputs)
        }
        return BuildFingerprint(inputs: inputs, layout: layout(root: root), toolchain: toolchain)
    }

    /// The package's layout as ``layout`` describes it.
    public static func layout(root: URL) -> [String] {
        var layout: [String] = []
        let manager = FileManager.default
        for name in ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("Lessons").path)) ?? []).sorted() {
            let example = root.appendingPathComponent("Lessons/\(name)/Example").path
            layout.append("Lessons/\(name)" + (manager.fileExists(atPath: example) ? "+Example" : ""))
        }
        for name in ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("Exercises").path)) ?? []).sorted() {
            // Package.swift makes targets only for folders with an exercise.md.
            let folders = ["exercise.md", "Sources", "Solution", "Serial"].filter {
                manager.fileExists(atPath: root.appendingPathComponent("Exercises/\(name)/\($0)").path)
            }
            layout.append("Exercises/\(name)+" + folders.joined(separator: "+"))
        }
        for name in ((try? manager.contentsOfDirectory(atPath: root.appendingPathComponent("Tests/Cheats").path)) ?? []).sorted() {
            layout.append("Tests/Cheats/\(name)")
        }
        return layout
    }

    /// A short key for a layout (FNV-1a, 64 bits, in hex): equal layouts, equal keys.
    public static func layoutKey(_ layout: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in layout.joined(separator: "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    /// The identity of the `swift` that builds: `swiftExecutable`, or the
    /// first `swift` on `PATH`, resolved through links, with its size and
    /// time; `"unknown"` when there is none.
    public static func toolchainIdentity(swiftExecutable: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var candidates: [String] = []
        if let swiftExecutable {
            candidates = [swiftExecutable]
        } else {
            candidates = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/swift" }
        }
        for candidate in candidates where access(candidate, X_OK) == 0 {
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            let state = FileState.following(resolved)
            return "\(resolved) \(state?.size ?? -1) \(state?.modified ?? -1)"
        }
        return "unknown"
    }

    private static func line(_ path: String, _ state: FileState?) -> String {
        guard let state else { return "\(path) missing" }
        return "\(path) \(state.size) \(state.modified)"
    }

    /// Appends `tree` and everything below it, depth first, names sorted.
    private static func list(_ tree: String, root: URL, into inputs: inout [String]) {
        let path = root.appendingPathComponent(tree).path
        var info = stat()
        guard lstat(path, &info) == 0 else {
            inputs.append("\(tree) missing")
            return
        }
        inputs.append(line(tree, FileState.of(path)))
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        for name in names {
            list(tree + "/" + name, root: root, into: &inputs)
        }
    }
}
