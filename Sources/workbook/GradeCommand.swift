import ArgumentParser
import Foundation
import Workbook

/// `workbook grade N`: build the learner's program for an exercise and grade it.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade your program for an exercise: build it, run it under every start method, check it step by step.",
        discussion: """
        The steps, in order; the first that fails stops the grade and says what \
        it expected, what it saw, and which hint to read next:
          1 build      your program (Exercises/NN-slug/Sources) builds
          2 output     its output matches the exercise's checks
          3 hidden     on inputs the task does not show, it prints what the
                       reference solution prints (hard-coded answers fail here)
          4 trace      the kernel's record of the run: the work ran in the
                       processes the task asks for, at the same time, and the
                       lines came from the processes that claim them
          5 hygiene    no process still running and no /dev/shm segment left
                       when your program ended
        The exit status is 0 when every start method passed, 1 when one did \
        not, 2 when the exercise cannot be found, read or built into a run, and \
        64 when the command line is wrong.

        With --submissions DIR, grades a whole class: DIR holds one folder per \
        student (a copy of the course, or of its Exercises/). Each submission is \
        compiled against the core built once, copied to a temporary folder and \
        run there in a sandbox: as a user of its own (when run as root), without \
        network, with its processes, memory and CPU time capped, and with a \
        timeout that kills its whole process tree. Results go to --report (JSON), \
        --csv (one row per student) and --junit (one test case per student and \
        exercise). A submission is graded pass, fail (a check did not hold) or \
        error (it did not compile, crashed, hung or hit a limit).

        Examples:
          workbook grade 1
          workbook grade factorials --start-method fork
          workbook grade --submissions class/ --jobs 2 --report results.json --csv grades.csv --junit grades.xml
        """
    )

    @Argument(help: ArgumentHelp(
        "The exercise: its number, its slug or both (01-factorials). With --submissions, the exercises to grade (all when none is given).",
        valueName: "exercise"))
    var exercises: [String] = []

    @OptionGroup var classOptions: ClassGradeOptions

    @Option(name: .long, help: ArgumentHelp(
        "The start methods to grade under (default: all).", valueName: "method"))
    var startMethod: StartMethodOption = .all

    @Option(name: .long, help: ArgumentHelp("Seconds a run may take (default: the exercise's timeout, else 60).", valueName: "seconds"))
    var timeout: Double?

    @Flag(name: .long, help: "Do not build; use the binaries in .build/debug of the workbook folder.")
    var skipBuild = false

    @Option(name: .long, help: ArgumentHelp("Do not build; use the binaries in this folder.", valueName: "dir"))
    var binaries: String?

    @OptionGroup var location: LocationOptions

    func validate() throws {
        if classOptions.submissions == nil, exercises.count != 1 {
            throw ValidationError(exercises.isEmpty ? "name the exercise to grade, e.g. `workbook grade 1`"
                                  : "grade one exercise at a time (or a class with --submissions DIR)")
        }
        try classOptions.validate()
        if let timeout, !(timeout > 0 && timeout <= Chapter.longestTimeout) {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most \(Int(Chapter.longestTimeout)) (got \(timeout))")
        }
    }

    func run() throws {
        let root = try location.packageRoot()
        if classOptions.submissions != nil {
            try ClassGradeRun(options: classOptions, exercises: exercises, timeout: timeout, skipBuild: skipBuild || binaries != nil,
                              root: root).run()
            return
        }
        let found = try reportingFailures { try Catalog(root: root).exercise(matching: exercises[0]) }
        let methods = startMethod.methods
        let status = try LearnerGrade(root: root, location: location, skipBuild: skipBuild, binaries: binaries, timeout: timeout)
            .grade(found, methods: methods)
        if !status.passed { throw ExitCode(1) }
    }
}

/// One learner's grade of one exercise, printed as `grade` and `watch` show it.
struct LearnerGrade {
    let root: URL
    let location: LocationOptions
    var skipBuild = false
    var binaries: String?
    var timeout: Double?

    /// Builds, grades and prints; records the grade in the progress file.
    func grade(_ found: Exercise, methods: [StartMethodChoice?]) throws -> RunStatus {
        let grader = try reportingFailures { try ExerciseGrader(exercise: found) }
        let builder = exampleBuilder(root: root, skipBuild: skipBuild, binaries: binaries)
        let builds = try reportingFailures { try builder.build(products: [found.targetName, found.solutionTargetName]) }
        let learner = builds[found.targetName] ?? .failed(BuildFailure(product: found.targetName, log: "not built"))
        let solution = builds[found.solutionTargetName] ?? .failed(BuildFailure(product: found.solutionTargetName, log: "not built"))
        let runner = ExampleRunner(timeout: timeout ?? found.runTimeout)
        let progress = location.loadProgress(root: root).exercises[found.slug] ?? ExerciseProgress()

        print("Exercise \(found.number): \(found.title)")
        let results = grader.grade(learner: learner, solution: solution, runner: runner, methods: methods) { result in
            let mark = result.status.passed ? "PASS" : result.status.label
            let step = result.failedStep.map { " at step \($0.title)" } ?? ""
            print("\n\(mark)  start method \(result.startMethodLabel)\(step): \(result.sentence)")
            if !result.details.isEmpty {
                print(result.details.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
            }
        }
        let status = results.first(where: { !$0.status.passed })?.status ?? (results.isEmpty ? .fail : .pass)
        location.update(root: root) { $0.recordGrade(status, for: found.slug) }
        print("")
        if status.passed {
            print("Exercise \(found.number) passed under \(results.count == 1 ? "its start method" : "all \(results.count) start methods"). "
                  + "The reference solution is yours to compare: `workbook solution \(found.number)`.")
            return status
        }
        if found.isUnchanged {
            print("Your program is still the starter as handed out: edit the files in \(displayPath(found.sourcesFolder)) and grade again.")
        }
        if progress.hintsShown < found.hints.count {
            print("Stuck? `workbook hint \(found.number)` shows hint \(progress.hintsShown + 1) of \(found.hints.count).")
        }
        return status
    }
}
