/// How one run of a chapter's example ended, as the workbook reports it.
///
/// Every status comes with one sentence for the learner (``explanation``);
/// ``ChapterRunResult/sentence`` gives the same sentence with the details of
/// a particular run (the signal, the exit status, the timeout).
public enum RunStatus: String, Codable, Sendable, CaseIterable {
    /// The example exited with status 0 and every expectation matched.
    case pass = "PASS"
    /// The example exited with status 0 but at least one expectation did not match.
    case fail = "FAIL"
    /// The example was still running when its time was up and was stopped.
    case timeout = "TIMEOUT"
    /// The example ended with a signal or a non-zero exit status.
    case crash = "CRASH"
    /// The example could not be built (or its binary could not be found).
    case buildError = "BUILD ERROR"

    /// The label printed in reports: `PASS`, `FAIL`, `TIMEOUT`, `CRASH`, `BUILD ERROR`.
    public var label: String { rawValue }

    /// Whether this status counts as a pass.
    public var passed: Bool { self == .pass }

    /// One sentence that tells a learner what the status means.
    public var explanation: String {
        switch self {
        case .pass:
            return "The example ran to the end and its output and trace matched everything the chapter expects."
        case .fail:
            return "The example ran to the end (exit status 0), but its output or trace did not match what the chapter expects."
        case .timeout:
            return "The example was still running when its time was up, so the workbook stopped it and every process it had started."
        case .crash:
            return "The example ended with a signal (such as 11, a segmentation fault) or a non-zero exit status before its output could be checked."
        case .buildError:
            return "The example did not compile, so there was nothing to run; the compiler's errors are shown above."
        }
    }
}
