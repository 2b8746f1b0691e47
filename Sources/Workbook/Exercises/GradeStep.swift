/// The steps of a grade, in the order they are checked. A grade stops at
/// the first step that fails.
public enum GradeStep: String, Sendable, Codable, CaseIterable {
    /// The learner's program builds.
    case build
    /// The graded run's output matches the exercise's checks.
    case output
    /// Runs on inputs the task does not show print what the reference
    /// solution prints on them.
    case hidden
    /// The kernel's record of the graded run: which processes did the work,
    /// whether they overlapped, who printed each line.
    case trace
    /// Nothing left behind: no process alive after the program ended, no
    /// shared memory segment left in /dev/shm.
    case hygiene

    /// The step's name in a report.
    public var title: String {
        switch self {
        case .build: return "1/5 build"
        case .output: return "2/5 output"
        case .hidden: return "3/5 hidden inputs"
        case .trace: return "4/5 trace facts"
        case .hygiene: return "5/5 hygiene"
        }
    }
}

/// The grade of one run of an exercise, under one start method.
public struct GradeRun: Sendable {
    /// The start method asked for (nil: the library's default).
    public var startMethod: StartMethodChoice?
    /// PASS, FAIL, TIMEOUT, CRASH or BUILD ERROR.
    public var status: RunStatus
    /// The step that failed; nil when the grade passed.
    public var failedStep: GradeStep?
    /// What happened, in one or two sentences: for a failure, what the step
    /// expected and what it saw.
    public var sentence: String
    /// The failing checks' report, or the differing lines, to show below.
    public var details: String
    /// The graded run (with the visible inputs), when there was one.
    public var run: RunResult?
    /// Why the graded run was not witnessed, if it was not.
    public var unwitnessedReason: String?

    /// The start method as shown: `spawn`, or `default`.
    public var startMethodLabel: String { startMethod?.rawValue ?? "default" }
}
