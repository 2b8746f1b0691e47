/// A trace file that could not be read, or a line in it that is not a trace
/// event.
public struct TraceFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's path (or the name given to `TraceEvent.parse`).
    public let file: String
    /// The 1-based line that is wrong, or nil when the whole file is.
    public let line: Int?
    /// What is wrong, in a sentence.
    public let reason: String

    /// An error in `file`, at `line` (1-based) when one line is to blame.
    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// E.g. `trace file /tmp/t.jsonl, line 3: ... is not valid JSON`.
    public var description: String {
        if let line { return "trace file \(file), line \(line): \(reason)" }
        return "trace file \(file): \(reason)"
    }
}
