/// What the checks of one run are given: its output, who wrote each line,
/// and its processes. From the witness when the run was witnessed; from
/// what the example wrote itself (its output and `MP_TRACE_FILE`) when not.
struct CheckedRun {
    var output: String
    /// One entry a line of `output`; nil when the run was not witnessed.
    var writers: [Int32?]?
    var trace: [TraceEvent]
    /// The trace file could not be read (unwitnessed runs only).
    var traceProblem: String?
    /// Why the run was not witnessed; nil when it was.
    var unwitnessedReason: String?
    /// Output reached standard output without a write the witness saw.
    var outputProblem: String?

    init(_ run: RunResult) {
        let core: [TraceEvent]
        var coreProblem: String?
        do {
            core = try run.traceEvents()
        } catch {
            core = []
            coreProblem = "the run's trace could not be read (\(error))"
        }
        guard let witness = run.witness, witness.witnessed else {
            output = run.stdout.text
            writers = nil
            trace = core
            traceProblem = coreProblem
            unwitnessedReason = run.witness?.unwitnessedReason ?? "the run has no witness record"
            return
        }
        trace = witness.traceEvents(core: core)
        let seen = witness.witnessedBytes(fd: 1)
        if !run.stdout.wasCut, seen != run.stdout.totalBytes || witness.opaqueBytes > 0 {
            let unseen = max(run.stdout.totalBytes - seen, witness.opaqueBytes)
            outputProblem = "\(unseen) bytes reached its output without a write the workbook could witness "
                + "(through a copy of the descriptor, sendfile or splice)"
            output = run.stdout.text
            writers = nil
            return
        }
        if run.stdout.wasCut {
            output = run.stdout.text
            writers = nil
        } else {
            let rebuilt = witness.lines(fd: 1)
            output = rebuilt.text
            writers = rebuilt.writers
        }
    }

    /// The processes still alive when a timeout stopped the run, e.g.
    /// `Process-2 (pid 4243), Process-3 (pid 4244)`; nil when unknown.
    static func describeAlive(_ run: RunResult) -> String? {
        guard let witness = run.witness, witness.witnessed, !run.aliveAtTimeout.isEmpty else { return nil }
        let names = Dictionary(witness.processes.map { ($0.pid, $0.name) }, uniquingKeysWith: { $1 })
        return run.aliveAtTimeout.prefix(10).map { pid in
            pid == witness.rootPid ? "the main program (pid \(pid))" : "\(names[pid] ?? "a process") (pid \(pid))"
        }.joined(separator: ", ") + (run.aliveAtTimeout.count > 10 ? ", …" : "")
    }
}
