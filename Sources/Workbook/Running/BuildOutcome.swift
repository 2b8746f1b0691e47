/// The result of building one example product.
public enum BuildOutcome: Sendable, Equatable {
    /// The product was built (or found prebuilt); this is its executable.
    case built(executablePath: String)
    /// The product did not build.
    case failed(BuildFailure)

    /// The executable's path when the product was built.
    public var executablePath: String? {
        if case .built(let path) = self { return path }
        return nil
    }
}

/// Why a product did not build: the compiler's error lines and the full log.
public struct BuildFailure: Sendable, Equatable, Error {
    /// The product that failed, e.g. `lesson-02-processes`.
    public var product: String
    /// The lines of the build's output that report errors, without repeats.
    public var errors: [String]
    /// Everything `swift build` printed.
    public var log: String

    /// Creates a failure from a build log, picking its error lines.
    public init(product: String, log: String) {
        self.product = product
        self.log = log
        var seen = Set<String>()
        var errors: [String] = []
        for line in log.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            guard BuildFailure.isErrorLine(line), seen.insert(line).inserted else { continue }
            errors.append(line)
        }
        // SwiftPM's own "error: compile command failed ..." only repeats that
        // the compiler failed; drop it when the compiler's errors are there.
        let located = errors.filter { !$0.hasPrefix("error: ") }
        if !located.isEmpty {
            errors = errors.filter { !($0.hasPrefix("error: ") && $0.contains("command failed")) }
        }
        if errors.isEmpty {
            // No line says "error:" (a crash of the build tool, say): show the end of the log.
            errors = Array(log.split(separator: "\n").suffix(15).map(String.init))
        }
        self.errors = errors
    }

    /// `file.swift:3:5: error: ...` or `error: ...`, but not the caret lines
    /// under a quoted source line.
    static func isErrorLine(_ line: String) -> Bool {
        if line.hasPrefix("error: ") { return true }
        guard let range = line.range(of: ": error: ") else { return false }
        let location = line[..<range.lowerBound]
        return !location.contains("|") && location.contains(":")
    }
}
