import ArgumentParser
import Foundation
import Workbook

/// `workbook dev`: tools for the course's authors.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Tools for the course's authors.",
        discussion: """
        Examples:
          workbook dev check
          workbook dev check 1
        """,
        subcommands: [DevCheckCommand.self]
    )
}

/// `workbook dev check`: fails when an exercise is broken.
struct DevCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the exercises themselves: the starter fails, the solution passes, cheats are caught.",
        discussion: """
        For every exercise (or the ones named), checks that:
          - the learner's copy (Sources/) is the starter as handed out (Starter/);
          - the starter builds and fails its grade;
          - the reference solution passes under every start method, 3 times each;
          - every hidden input changes the solution's compared lines;
          - a program that prints the solution's visible output by hand fails;
          - the task done in one process (Serial/) fails.
        The exit status is 0 when every exercise is sound, 1 when one is not, \
        and 2 when an exercise cannot be read or built.

        Examples:
          workbook dev check
          workbook dev check 1 --skip-build
        """
    )

    @Argument(help: ArgumentHelp("Exercises to check (number or slug); all when none is given.", valueName: "exercise"))
    var exercises: [String] = []

    @Option(name: .long, help: ArgumentHelp("Times the solution is graded under each start method.", valueName: "n"))
    var repeats = 3

    @Flag(name: .long, help: "Do not build; use the binaries in .build/debug of the workbook folder.")
    var skipBuild = false

    @OptionGroup var location: LocationOptions

    func validate() throws {
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be from 1 to 100 (got \(repeats))") }
    }

    func run() throws {
        let root = try location.packageRoot()
        let catalog = Catalog(root: root)
        let selected = try reportingFailures {
            exercises.isEmpty ? try catalog.exercises() : try exercises.map { try catalog.exercise(matching: $0) }
        }
        guard !selected.isEmpty else {
            print("No exercises yet: \(displayPath(catalog.exercisesFolder)) holds no NN-slug folder with an exercise.md.")
            return
        }
        let graders = try reportingFailures { try selected.map { try ExerciseGrader(exercise: $0) } }
        let products = selected.flatMap { [$0.targetName, $0.solutionTargetName] + ($0.serialTargetName.map { [$0] } ?? []) }
        let builds = try reportingFailures {
            try exampleBuilder(root: root, skipBuild: skipBuild, binaries: nil).build(products: products)
        }
        var broken = 0
        for grader in graders {
            let exercise = grader.exercise
            print("Exercise \(exercise.number) (\(exercise.name)): \(exercise.title)")
            let findings = ExerciseAudit(grader: grader, builds: builds, repeats: repeats).run()
            for finding in findings {
                print("  \(finding.passed ? "ok    " : "FAILED") \(finding.claim)\(finding.detail.isEmpty ? "" : ": " + finding.detail)")
            }
            if findings.contains(where: { !$0.passed }) { broken += 1 }
        }
        print("\(graders.count - broken) sound, \(broken) broken")
        if broken > 0 { throw ExitCode(1) }
    }
}
