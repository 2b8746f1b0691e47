/// The result of one run of a chapter's example: its status, the sentence
/// that explains it, and what the run and the checks produced.
public struct ChapterRunResult: Sendable {
    /// Which repeat this was, from 1.
    public var repeatNumber: Int
    /// The start method asked for, or nil for the library's default.
    public var startMethod: StartMethodChoice?
    /// How the run ended, as the workbook reports it.
    public var status: RunStatus
    /// One sentence for the learner, with this run's details.
    public var sentence: String
    /// The run itself; nil when the example did not build.
    public var run: RunResult?
    /// The outcome of each expectation block, in chapter order; empty when
    /// the checks were not run (build error, crash, timeout).
    public var outcomes: [CheckOutcome]
    /// Why the build failed, for ``RunStatus/buildError``.
    public var buildFailure: BuildFailure?
    /// Set when the run's trace could not be read (the run then fails: the
    /// checks saw no trace events).
    public var traceProblem: String?
    /// Why the run could not be witnessed (its `FROM` parts were then not
    /// checked, and its trace facts came from what the example wrote
    /// itself); nil for a witnessed run.
    public var unwitnessedReason: String?
    /// In strict mode, the output lines (numbered from 1, with their text)
    /// that no directive matched and no `ALLOW:` allowed.
    public var unexpectedLines: [(number: Int, text: String)] = []

    /// Creates a result; ``ChapterSession`` is the usual source of these.
    public init(
        repeatNumber: Int, startMethod: StartMethodChoice?, status: RunStatus, sentence: String,
        run: RunResult?, outcomes: [CheckOutcome], buildFailure: BuildFailure?, traceProblem: String?
    ) {
        self.repeatNumber = repeatNumber
        self.startMethod = startMethod
        self.status = status
        self.sentence = sentence
        self.run = run
        self.outcomes = outcomes
        self.buildFailure = buildFailure
        self.traceProblem = traceProblem
    }

    /// A result for a run that could not happen because the build failed.
    public static func buildFailed(_ failure: BuildFailure, startMethod: StartMethodChoice?) -> ChapterRunResult {
        ChapterRunResult(
            repeatNumber: 1, startMethod: startMethod, status: .buildError,
            sentence: "\(failure.product) did not compile, so there was nothing to run; the compiler's errors are shown above.",
            run: nil, outcomes: [], buildFailure: failure, traceProblem: nil)
    }

    /// `spawn`, `fork`, `forkserver`, or `default` for the library's default.
    public var startMethodLabel: String { startMethod?.rawValue ?? "default" }
}

/// The overall status of several runs: PASS when all passed, otherwise the
/// status of the first run that did not.
public func overallStatus(of results: [ChapterRunResult]) -> RunStatus {
    results.first(where: { !$0.status.passed })?.status ?? (results.isEmpty ? .fail : .pass)
}
