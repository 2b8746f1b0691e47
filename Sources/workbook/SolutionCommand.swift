import ArgumentParser
import Foundation
import Workbook

/// `workbook solution N`: the reference solution, once the exercise has passed.
struct SolutionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show an exercise's reference solution (after you have passed it, or with --force).",
        discussion: """
        The solution is shown only once your own program has passed `workbook \
        grade`. --force shows it anyway, and your progress file records that it \
        was shown before a pass.

        Examples:
          workbook solution 1
          workbook solution 1 --force
        """
    )

    @Argument(help: ArgumentHelp("The exercise: its number, its slug or both.", valueName: "exercise"))
    var exercise: String

    @Flag(name: .long, help: "Show the solution even before the exercise has passed (recorded).")
    var force = false

    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let found = try reportingFailures { try Catalog(root: root).exercise(matching: exercise) }
        let entry = location.loadProgress(root: root).exercises[found.slug] ?? ExerciseProgress()
        let passed = entry.passes > 0
        guard passed || force else {
            Terminal.printError("workbook: error: exercise \(found.number) has not passed yet, so its solution stays hidden. "
                                + "Grade your program (`workbook grade \(found.number)`), ask for a hint (`workbook hint \(found.number)`), "
                                + "or use --force to see it now (your progress will say so).")
            throw ExitCode(2)
        }
        if entry.solutionShown != .forced {
            location.update(root: root) { $0.exercises[found.slug, default: ExerciseProgress()].solutionShown = passed ? .afterPassing : .forced }
        }
        let files = try reportingFailures { try ExerciseFiles.files(in: found.solutionFolder) }
        for file in files {
            let text = try reportingFailures { try String(contentsOf: found.solutionFolder.appendingPathComponent(file), encoding: .utf8) }
            print("// ─── \(displayPath(found.solutionFolder.appendingPathComponent(file))) ───")
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}
