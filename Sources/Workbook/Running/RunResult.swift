/// Everything ``ExampleRunner`` learned from one run of a program.
public struct RunResult: Sendable {
    /// How the program ended.
    public var termination: Termination
    /// Wall-clock time from start to the end of the run, in seconds.
    public var duration: Double
    /// What the program (and every process it started) wrote to standard output.
    public var stdout: CapturedOutput
    /// What the program (and every process it started) wrote to standard error.
    public var stderr: CapturedOutput
    /// The lines of the run's trace file (`MP_TRACE_FILE`), as written by the core.
    public var traceLines: [String]
    /// The pid of the program, which was also the id of its process group.
    public var pid: Int32
    /// The start method the run asked for through `MP_START_METHOD`, if any.
    public var startMethod: StartMethodChoice?
    /// What the kernel showed of the run (nil for results made by hand).
    public var witness: WitnessRecord?
    /// The pids of the run's processes still alive when a timeout stopped it.
    public var aliveAtTimeout: [Int32]

    /// Creates a result; ``ExampleRunner`` is the usual source of these.
    public init(
        termination: Termination, duration: Double, stdout: CapturedOutput, stderr: CapturedOutput,
        traceLines: [String], pid: Int32, startMethod: StartMethodChoice?,
        witness: WitnessRecord? = nil, aliveAtTimeout: [Int32] = []
    ) {
        self.witness = witness
        self.aliveAtTimeout = aliveAtTimeout
        self.termination = termination
        self.duration = duration
        self.stdout = stdout
        self.stderr = stderr
        self.traceLines = traceLines
        self.pid = pid
        self.startMethod = startMethod
    }
}

extension RunResult {
    /// The run's trace as events, for the checks.
    /// - Throws: `TraceFileError` naming the first line that is not a trace event.
    public func traceEvents() throws -> [TraceEvent] {
        try TraceEvent.parse(traceLines.joined(separator: "\n"), file: "the run's trace")
    }
}
