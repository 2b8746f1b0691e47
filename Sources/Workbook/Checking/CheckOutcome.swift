/// What checking a run against an `expect` block found.
public struct CheckOutcome: Sendable {
    /// One result per directive, in the block's order.
    public let results: [CheckResult]
    /// Every value captured, in the order it was captured.
    public let captures: [CheckCapture]
    /// The output that was checked, split into lines (line N is index N-1).
    public let outputLines: [String]
    /// The trace that was checked.
    public let trace: [TraceEvent]

    /// Makes an outcome (the checker does this; public for tools and tests).
    public init(results: [CheckResult], captures: [CheckCapture], outputLines: [String], trace: [TraceEvent]) {
        self.results = results
        self.captures = captures
        self.outputLines = outputLines
        self.trace = trace
    }

    /// Whether every directive held.
    public var passed: Bool { !results.contains { $0.status != .passed } }

    /// The directives that did not hold.
    public var failures: [CheckResult] { results.filter { $0.status == .failed } }

    /// One line: `all 5 checks hold`, or the first failure, e.g.
    /// `CHECK-NEXT at chapter line 14: expected the line after line 3 ...`.
    public var summary: String {
        guard let failure = failures.first else {
            return results.count == 1 ? "the check holds" : "all \(results.count) checks hold"
        }
        let more = failures.count > 1 ? " (and \(failures.count - 1) more)" : ""
        return "\(failure.directive.label): \(failure.message)\(more)"
    }

    /// A report for a person. On success, what each directive matched; on
    /// failure, why each failing directive failed, then the output with every
    /// line annotated by the directives that matched it, the place the failing
    /// directive was looked for and the closest line, and the trace when a
    /// trace fact failed.
    ///
    /// - Parameter color: ANSI colours, for a terminal.
    public func report(color: Bool) -> String {
        CheckReport(outcome: self, color: color).text
    }
}
