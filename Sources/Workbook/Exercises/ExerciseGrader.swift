import Foundation

/// Grades a learner's program for one exercise: builds aside, it runs the
/// program once with the visible inputs and once per hidden input, then
/// checks, in order, the output, the hidden runs against the reference
/// solution's, the kernel's record of the processes, and what was left
/// behind.
public struct ExerciseGrader: Sendable {
    /// The exercise graded.
    public let exercise: Exercise
    /// The `expect` blocks without their `TRACE:` lines, checked without
    /// writers: step 2 is about what was printed, not who printed it. A
    /// negative directive with `FROM` (`CHECK-NOT: x FROM main`,
    /// `CHECK-TOTAL-0: x FROM child`) is left out too: without writers it
    /// would forbid the line from everyone, which is not what it says, so
    /// step 4 alone checks it.
    let outputScripts: [CheckScript]
    /// The full `expect` blocks, with writers: step 4.
    let traceScripts: [CheckScript]
    /// Where shared memory segments appear.
    var sharedMemoryFolder = URL(fileURLWithPath: "/dev/shm")
    /// When set, only segments this user owns count as the program's (so
    /// runs graded side by side, each as its own user, do not see each
    /// other's segments).
    public var sharedMemoryOwner: UInt32?
    /// The reference solution's output on each hidden input, per start
    /// method, kept across grades (a class grade runs the solution once).
    let solutionOutputs = SolutionOutputs()

    /// Prepares the exercise's checks.
    /// - Throws: `CheckSyntaxError` for a malformed `expect` block.
    public init(exercise: Exercise) throws {
        self.exercise = exercise
        traceScripts = try exercise.expectations.map { try CheckScript(parsing: $0.text, firstLine: $0.line, source: "exercise.md") }
        outputScripts = try exercise.expectations.map { block in
            // TRACE lines become comments, so line numbers stay those of exercise.md.
            let text = block.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                ExerciseGrader.needsWriters(String(line).trimmingWhitespace()) ? "# " + line : String(line)
            }.joined(separator: "\n")
            return try CheckScript(parsing: text, firstLine: block.line, source: "exercise.md")
        }
    }

    /// Grades the built program under each start method.
    /// - Parameters:
    ///   - learner: the learner's build.
    ///   - solution: the reference solution's build, for the hidden inputs.
    public func grade(
        learner: BuildOutcome, solution: BuildOutcome, runner: ExampleRunner, methods: [StartMethodChoice?],
        onResult: (GradeRun) -> Void = { _ in }
    ) -> [GradeRun] {
        methods.map { method in
            let result = gradeOnce(learner: learner, solution: solution, runner: runner, method: method)
            onResult(result)
            return result
        }
    }

    private func gradeOnce(learner: BuildOutcome, solution: BuildOutcome, runner: ExampleRunner, method: StartMethodChoice?) -> GradeRun {
        var grade = GradeRun(startMethod: method, status: .pass, failedStep: nil, sentence: "", details: "")
        func fail(_ step: GradeStep, _ status: RunStatus = .fail, _ sentence: String, details: String = "") -> GradeRun {
            grade.status = status
            grade.failedStep = step
            grade.sentence = sentence
            grade.details = details
            return grade
        }
        let program: URL
        switch learner {
        case .failed(let failure):
            return fail(.build, .buildError, "Your program did not build, so it could not be graded.", details: failure.errors.joined(separator: "\n"))
        case .built(let path):
            program = URL(fileURLWithPath: path)
        }

        // The graded run, with the inputs the task shows.
        let visible: RunResult
        var leftovers = Leftovers()
        switch runWatched(program, exercise.inputs, runner: runner, method: method, leftovers: &leftovers) {
        case .failure(let problem):
            return fail(.output, problem.status, "With the inputs \(describe(exercise.inputs)): \(problem.sentence)", details: problem.details)
        case .success(let run):
            visible = run
        }
        grade.run = visible
        let checked = CheckedRun(visible)
        grade.unwitnessedReason = checked.unwitnessedReason
        if let problem = checked.outputProblem {
            return fail(.output, .fail, "Your program ran to the end, but \(problem).")
        }

        // Step 2: the output.
        let outputs = outputScripts.map { $0.check(output: checked.output, trace: checked.trace, writers: nil) }
        if let failing = outputs.first(where: { !$0.passed }) {
            return fail(.output, .fail, "Your program ran to the end, but its output is not what the task asks for.",
                        details: failing.report(color: false))
        }
        if exercise.strict, let line = ChapterSession.unexpectedLines(outputs).first {
            return fail(.output, .fail, "Every check held, but line \(line.number) `\(ChapterSession.shortened(line.text))` "
                        + "matched no check, and this exercise expects nothing else to be printed.")
        }

        // Step 3: hidden inputs, against the reference solution.
        if !exercise.hiddenInputs.isEmpty {
            guard case .built(let solutionPath) = solution else {
                return fail(.hidden, .buildError, "The reference solution did not build, so the hidden inputs could not be graded; "
                            + "this is a fault of the exercise, not of your program.")
            }
            let pattern = exercise.compare ?? ".*"
            for inputs in exercise.hiddenInputs {
                let key = "\(solutionPath)|\(method?.rawValue ?? "default")|\(inputs.joined(separator: " "))"
                let expectedText: String
                if let known = solutionOutputs.get(key) {
                    expectedText = known
                } else {
                    var solutionLeftovers = Leftovers()
                    switch runWatched(URL(fileURLWithPath: solutionPath), inputs, runner: runner, method: method, leftovers: &solutionLeftovers) {
                    case .failure(let problem):
                        return fail(.hidden, .fail, "The reference solution failed on the hidden inputs \(describe(inputs)) (\(problem.sentence)); "
                                    + "this is a fault of the exercise, not of your program.")
                    case .success(let run):
                        expectedText = run.stdout.text
                        solutionOutputs.set(key, expectedText)
                    }
                }
                let seen: RunResult
                switch runWatched(program, inputs, runner: runner, method: method, leftovers: &leftovers) {
                case .failure(let problem):
                    return fail(.hidden, problem.status, "With the hidden inputs \(describe(inputs)): \(problem.sentence)", details: problem.details)
                case .success(let run):
                    seen = run
                }
                let want = Self.lines(of: expectedText, matching: pattern)
                let got = Self.lines(of: seen.stdout.text, matching: pattern)
                if want != got {
                    return fail(.hidden, .fail,
                                "With the hidden inputs \(describe(inputs)), your program's answer differs from the reference solution's "
                                + "(the lines matching `\(pattern)`). A program that prints the answer for the visible inputs by hand fails here.",
                                details: Self.difference(expected: want, seen: got))
                }
            }
        }

        // Step 4: the kernel's record of the graded run.
        let traces = traceScripts.map { $0.check(output: checked.output, trace: checked.trace, writers: checked.writers) }
        if let failing = traces.first(where: { !$0.passed }) {
            return fail(.trace, .fail, "Your program printed the right things, but the kernel's record of the run does not "
                        + "show the work done the way the task asks.", details: failing.report(color: false))
        }

        // Step 5: nothing left behind.
        if let witness = visible.witness, witness.witnessed,
           let root = witness.processes.first(where: { $0.pid == witness.rootPid }), let rootEnd = root.end {
            // The core's resource tracker outlives the program by design: it
            // notices the end, removes what was left, and exits by itself.
            let outlived = witness.processes.filter {
                $0.pid != witness.rootPid && ($0.end ?? .infinity) > rootEnd && !($0.name == Self.trackerName && $0.exitCode == 0)
            }
            if !outlived.isEmpty {
                let names = outlived.prefix(5).map { "\($0.name) (pid \($0.pid))" }.joined(separator: ", ")
                return fail(.hygiene, .fail, "Your program ended while \(outlived.count == 1 ? "a process it started was" : "\(outlived.count) processes it started were") "
                            + "still running: \(names). Join every process (or let the core do it) before the program ends.")
            }
        }
        if !leftovers.segments.isEmpty {
            return fail(.hygiene, .fail, "Your program left shared memory behind in /dev/shm: \(leftovers.segments.sorted().joined(separator: ", ")). "
                        + "The workbook removed it; close and unlink what you create.")
        }
        grade.sentence = "Every step passed: the output, \(exercise.hiddenInputs.isEmpty ? "" : "the hidden inputs, ")the kernel's record of the run, and nothing left behind."
        if let why = grade.unwitnessedReason {
            grade.sentence += " But the run was not witnessed (\(why)): who printed each line was not checked."
        }
        return grade
    }

    /// The kernel's name for the core's resource tracker process.
    static let trackerName = "mp-tracker"

    /// Whether a line of an `expect` block means something only with the
    /// writers known: a trace fact, or a negative directive limited by `FROM`.
    static func needsWriters(_ line: String) -> Bool {
        if line.hasPrefix("TRACE:") { return true }
        let negative = line.hasPrefix("CHECK-NOT:") || line.hasPrefix("CHECK-TOTAL-0:")
        return negative && line.range(of: #"\sFROM\s"#, options: .regularExpression) != nil
    }

    /// What a run left in /dev/shm.
    struct Leftovers {
        var segments: Set<String> = []
    }

    struct RunProblem: Error {
        var status: RunStatus
        var sentence: String
        var details: String = ""
    }

    /// Runs `program` with `inputs`, noting shared memory it left behind
    /// (and removing it); a run that did not end with status 0 is a problem.
    private func runWatched(
        _ program: URL, _ inputs: [String], runner: ExampleRunner, method: StartMethodChoice?, leftovers: inout Leftovers
    ) -> Result<RunResult, RunProblem> {
        let before = segments()
        let run: RunResult
        do {
            run = try runner.run(executable: program, arguments: inputs, startMethod: method)
        } catch {
            return .failure(RunProblem(status: .crash, sentence: "the program could not be started: \(error)."))
        }
        let after = segments()
        let runPids = Set(run.witness?.processes.map(\.pid) ?? [])
        for name in after.subtracting(before) where Self.belongsToRun(segment: name, runPids: runPids, ownerChecked: sharedMemoryOwner != nil) {
            leftovers.segments.insert(name)
            try? FileManager.default.removeItem(at: sharedMemoryFolder.appendingPathComponent(name))
        }
        let stderr = run.stderr.text.isEmpty ? "" : "standard error:\n" + run.stderr.text
        switch run.termination {
        case .timedOut(let seconds):
            let alive = CheckedRun.describeAlive(run).map { " Still running then: \($0)." } ?? ""
            return .failure(RunProblem(status: .timeout, sentence: "the program was still running after \(Termination.format(seconds: seconds)), "
                                       + "so the workbook stopped it.\(alive)", details: stderr))
        case .signalled(let signal):
            return .failure(RunProblem(status: .crash, sentence: "the program ended with signal \(Termination.describe(signal: signal)).", details: stderr))
        case .exited(let status) where status != 0:
            return .failure(RunProblem(status: .crash, sentence: "the program exited with status \(status) instead of 0.", details: stderr))
        case .exited:
            return .success(run)
        }
    }

    /// Whether a segment that appeared during a run is the run's to answer
    /// for. When the run had a user of its own (`ownerChecked`), every new
    /// segment of that user is. Otherwise other programs of the machine may
    /// create segments meanwhile (another run's, CPython's `sem.*` and
    /// `psm_*`), which are neither counted nor removed: a name the core made
    /// (`mp-<pid>-…`) counts when its pid is a process of the run, and any
    /// other name counts unless it follows CPython's or another run's pattern.
    static func belongsToRun(segment name: String, runPids: Set<Int32>, ownerChecked: Bool) -> Bool {
        if ownerChecked { return true }
        if name.hasPrefix("sem.") || name.hasPrefix("psm_") || name.hasPrefix("wnsm_") { return false }
        let parts = name.split(separator: "-", maxSplits: 2)
        if parts.count >= 2, parts[0] == "mp", let pid = Int32(parts[1]) {
            return runPids.isEmpty || runPids.contains(pid)
        }
        return true
    }

    /// The segments in /dev/shm that could be the program's.
    private func segments() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sharedMemoryFolder.path)) ?? []
        guard let owner = sharedMemoryOwner else { return Set(names) }
        return Set(names.filter { name in
            var info = stat()
            return stat(sharedMemoryFolder.appendingPathComponent(name).path, &info) == 0 && info.st_uid == owner
        })
    }

    private func describe(_ inputs: [String]) -> String {
        inputs.isEmpty ? "(none)" : inputs.joined(separator: " ")
    }

    /// The lines of `text` that `pattern` finds something in.
    static func lines(of text: String, matching pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { line in
            regex.firstMatch(in: line, range: NSRange(line.startIndex..<line.endIndex, in: line)) != nil
        }
    }

    /// The first place two lists of lines differ, as a learner reads it.
    static func difference(expected: [String], seen: [String]) -> String {
        for index in 0..<max(expected.count, seen.count) {
            let want = index < expected.count ? "`\(expected[index])`" : "no more lines"
            let got = index < seen.count ? "`\(seen[index])`" : "no more lines"
            if want != got {
                return "compared line \(index + 1): the reference solution printed \(want), yours printed \(got) "
                    + "(\(expected.count) compared \(expected.count == 1 ? "line" : "lines") expected, \(seen.count) seen)"
            }
        }
        return "the lines are the same"
    }
}

/// The reference solution's outputs, shared by copies of a grader.
final class SolutionOutputs: @unchecked Sendable {
    private var outputs: [String: String] = [:]
    private let lock = NSLock()

    func get(_ key: String) -> String? { lock.withLock { outputs[key] } }
    func set(_ key: String, _ value: String) { lock.withLock { outputs[key] = value } }
}
