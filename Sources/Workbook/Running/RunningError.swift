import Foundation

/// What can go wrong while finding, building or running a chapter's example,
/// each with a message a learner can act on.
public enum RunningError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A `--start-method` word that is not `spawn`, `fork`, `forkserver`, `all` or `default`.
    case unknownStartMethod(String)
    /// The program could not be started at all (`posix_spawn` failed with this errno).
    case spawnFailed(path: String, errno: Int32)
    /// A pipe or temporary file the runner needs could not be made.
    case setupFailed(what: String, errno: Int32)
    /// The prebuilt binary of a product is not in the folder given with `--binaries`.
    case missingBinary(product: String, folder: String)
    /// No folder with `Package.swift` and `Lessons/` was found from this folder upward.
    case noPackageRoot(searchedFrom: String)
    /// The folder given with `--root` does not hold `Package.swift` and `Lessons/`.
    case notAPackageRoot(String)
    /// `swift build` could not be started.
    case buildToolFailed(String)
    /// A sandbox limit could not be applied to an untrusted program.
    case sandboxFailed(step: String, errno: Int32)

    /// The message shown to the learner.
    public var description: String {
        switch self {
        case .unknownStartMethod(let word):
            return "unknown start method '\(word)'; use spawn, fork, forkserver, all or default"
        case .spawnFailed(let path, let code):
            return "could not start \(path): \(String(cString: strerror(code)))"
        case .setupFailed(let what, let code):
            return "could not create \(what): \(String(cString: strerror(code)))"
        case .missingBinary(let product, let folder):
            return "no built binary '\(product)' in \(folder); build it with "
                + "`swift build --product \(product)` or leave out --skip-build/--binaries"
        case .noPackageRoot(let folder):
            return "no workbook found: neither \(folder) nor any folder above it holds both "
                + "Package.swift and Lessons/; run from inside the workbook or pass --root DIR"
        case .notAPackageRoot(let folder):
            return "\(folder) is not a workbook folder: it must hold both Package.swift and Lessons/"
        case .buildToolFailed(let message):
            return "could not run swift build: \(message)"
        case .sandboxFailed(let step, let code):
            return "could not sandbox the program (\(step)): \(String(cString: strerror(code)))"
        }
    }

    /// The same text as ``description``, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
