import Foundation

/// Checks an exercise itself, as `workbook dev check` does: that its
/// starter fails, its solution passes, and the cheats a learner might try
/// are caught.
public struct ExerciseAudit {
    /// One claim about the exercise, and whether it held.
    public struct Finding: Sendable {
        /// What must hold, e.g. "the starter fails its grade".
        public var claim: String
        /// Whether it held.
        public var passed: Bool
        /// What was seen, when it helps.
        public var detail: String
    }

    let grader: ExerciseGrader
    let builds: [String: BuildOutcome]
    let repeats: Int

    /// Prepares an audit from the builds of the exercise's three targets.
    public init(grader: ExerciseGrader, builds: [String: BuildOutcome], repeats: Int) {
        self.grader = grader
        self.builds = builds
        self.repeats = repeats
    }

    /// Runs every check, in order.
    public func run() -> [Finding] {
        let exercise = grader.exercise
        var findings: [Finding] = []
        func note(_ claim: String, _ passed: Bool, _ detail: String = "") {
            findings.append(Finding(claim: claim, passed: passed, detail: detail))
        }
        let missing = BuildOutcome.failed(BuildFailure(product: exercise.targetName, log: "not built"))
        let learner = builds[exercise.targetName] ?? missing
        let solution = builds[exercise.solutionTargetName] ?? missing
        let runner = ExampleRunner(timeout: exercise.runTimeout)
        let methods: [StartMethodChoice?] = StartMethodChoice.allCases

        let differences = (try? ExerciseFiles.differences(between: exercise.starterFolder, and: exercise.sourcesFolder)) ?? ["?"]
        note("Sources/ is the starter as handed out", differences.isEmpty,
             differences.isEmpty ? "" : "differs in \(differences.joined(separator: ", ")); `workbook reset \(exercise.number)` restores it")

        if case .built = learner {
            let grades = grader.grade(learner: learner, solution: solution, runner: runner, methods: [nil])
            let passed = grades.allSatisfy(\.status.passed)
            note("the starter builds and fails its grade", !passed,
                 grades.first.map { "\($0.status.label)\($0.failedStep.map { " at \($0.title)" } ?? "")" } ?? "")
        } else {
            note("the starter builds and fails its grade", false, "the starter does not build")
        }

        var solutionGrades: [GradeRun] = []
        for _ in 0..<repeats {
            solutionGrades += grader.grade(learner: solution, solution: solution, runner: runner, methods: methods)
        }
        let failures = solutionGrades.filter { !$0.status.passed }
        note("the solution passes under every start method, \(repeats) times each", failures.isEmpty,
             failures.first.map { "\(failures.count) of \(solutionGrades.count) failed; first: \($0.startMethodLabel): \($0.sentence) \($0.details)" }
                ?? "\(solutionGrades.count) grades passed")

        if case .built(let path) = solution {
            let pattern = exercise.compare ?? ".*"
            let visible = output(of: path, exercise.inputs, runner: runner)
            let visibleLines = ExerciseGrader.lines(of: visible, matching: pattern)
            let unchanged = exercise.hiddenInputs.filter { ExerciseGrader.lines(of: output(of: path, $0, runner: runner), matching: pattern) == visibleLines }
            note("every hidden input changes the solution's compared lines", !exercise.hiddenInputs.isEmpty && unchanged.isEmpty,
                 exercise.hiddenInputs.isEmpty ? "the exercise has no hidden inputs"
                    : unchanged.map { "the inputs \($0.joined(separator: " ")) give the visible answer" }.joined(separator: "; "))

            let faked = hardCodedProgram(printing: visible)
            defer { if let faked { try? FileManager.default.removeItem(at: faked.deletingLastPathComponent()) } }
            if let faked {
                let grades = grader.grade(learner: .built(executablePath: faked.path), solution: solution, runner: runner, methods: [nil])
                note("a program that prints the visible output by hand fails", !grades.allSatisfy(\.status.passed),
                     grades.first.map { "\($0.status.label)\($0.failedStep.map { " at \($0.title)" } ?? "")" } ?? "")
            } else {
                note("a program that prints the visible output by hand fails", false, "could not write the fake program")
            }
        } else {
            note("the solution builds", false)
        }

        if let serial = exercise.serialTargetName {
            let build = builds[serial] ?? missing
            if case .built = build {
                let grades = grader.grade(learner: build, solution: solution, runner: runner, methods: methods)
                let caught = grades.allSatisfy { !$0.status.passed }
                note("the one-process version (Serial/) fails under every start method", caught,
                     grades.map { "\($0.startMethodLabel): \($0.status.label)\($0.failedStep.map { " at \($0.title)" } ?? "")" }.joined(separator: ", "))
            } else {
                note("the one-process version (Serial/) fails", false, "Serial/ does not build")
            }
        } else {
            note("the one-process version (Serial/) fails", false, "the exercise has no Serial/ folder: add the task done in one process")
        }
        return findings
    }

    private func output(of path: String, _ inputs: [String], runner: ExampleRunner) -> String {
        (try? runner.run(executable: URL(fileURLWithPath: path), arguments: inputs))?.stdout.text ?? ""
    }

    /// A shell script that prints `text` and nothing else, whatever its inputs.
    private func hardCodedProgram(printing text: String) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-fake-\(UUID().uuidString)")
        let data = folder.appendingPathComponent("output")
        let script = folder.appendingPathComponent("fake")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: data)
            try Data("#!/bin/sh\ncat '\(data.path)'\n".utf8).write(to: script)
            guard chmod(script.path, 0o755) == 0 else { return nil }
            return script
        } catch {
            return nil
        }
    }
}
