/// What became of one directive when a block was checked.
public struct CheckResult: Sendable, Equatable, Encodable {
    /// Whether the directive held.
    public enum Status: String, Sendable, Equatable, Encodable {
        /// It held.
        case passed
        /// It did not hold.
        case failed
        /// It was not checked because an earlier directive failed.
        case skipped
    }

    /// The directive.
    public let directive: CheckDirective
    /// Whether it held.
    public let status: Status
    /// One sentence: what matched, why it failed, or why it was skipped.
    public let message: String
    /// 1-based output lines: those it matched (CHECK, CHECK-NEXT, CHECK-EMPTY,
    /// CHECK-DAG, CHECK-COUNT), those it counted (CHECK-TOTAL), or those that
    /// broke it (a failed CHECK-NOT).
    public let lines: [Int]
    /// The values it captured.
    public let captures: [CheckCapture]
    /// On failure, the 1-based line where the directive was looked for
    /// (one past the last line: at the end of the output).
    public let expectedAt: Int?
    /// On failure, the output line most like what was expected, if any is close.
    public let closest: Int?
    /// An extra hint, e.g. that a matching line exists but comes too early.
    public let note: String?

    /// A directive's outcome; `lines`, `expectedAt` and `closest` count output lines from 1.
    public init(
        directive: CheckDirective, status: Status, message: String, lines: [Int] = [],
        captures: [CheckCapture] = [], expectedAt: Int? = nil, closest: Int? = nil, note: String? = nil
    ) {
        self.directive = directive
        self.status = status
        self.message = message
        self.lines = lines
        self.captures = captures
        self.expectedAt = expectedAt
        self.closest = closest
        self.note = note
    }
}
