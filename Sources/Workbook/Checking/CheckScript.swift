/// An `expect` block, parsed and ready to check a run against.
///
/// ```swift
/// let script = try CheckScript(parsing: block.text, firstLine: block.line)
/// let outcome = script.check(output: runOutput, trace: try TraceEvent.read(from: traceFile))
/// print(outcome.report(color: false))
/// ```
///
/// The language is described in `Docs/check-language.md`.
public struct CheckScript: Sendable {
    /// The block's directives, in order.
    public var directives: [CheckDirective] { steps.map(\.directive) }

    private let steps: [CheckStep]

    /// Parses a block.
    ///
    /// - Parameters:
    ///   - text: the block's lines, one directive a line.
    ///   - firstLine: the chapter line of the block's first line, so errors
    ///     and reports name lines of chapter.md.
    ///   - source: the file's name in reports (`chapter`, `exercise.md`).
    /// - Throws: `CheckSyntaxError` for the first line that is wrong.
    public init(parsing text: String, firstLine: Int = 1, source: String = "chapter") throws {
        steps = try CheckDirectiveParser.parse(text, firstLine: firstLine, source: source)
    }

    /// Checks a run's output and trace against the block.
    ///
    /// Ordered directives stop at the first that fails (later ones are
    /// skipped); CHECK-TOTAL and TRACE directives are checked regardless,
    /// unless they need a value that was never captured.
    ///
    /// - Parameter writers: who wrote each line of `output` (nil for a line
    ///   no witnessed write made), from a witnessed run. Without it (or when
    ///   it does not have one entry a line), `FROM` parts are not checked.
    public func check(output: String, trace: [TraceEvent], writers: [Int32?]? = nil) -> CheckOutcome {
        let lines = CheckText.lines(of: output)
        var run = CheckRun(steps: steps, lines: lines.trimmed, trace: trace, writers: writers)
        let results = run.run()
        return CheckOutcome(results: results, captures: run.captureLog, outputLines: lines.raw, trace: trace)
    }
}
