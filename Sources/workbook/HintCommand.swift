import ArgumentParser
import Foundation
import Workbook

/// `workbook hint N`: the next hint of an exercise.
struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the next hint of an exercise (the hints already shown come first).",
        discussion: """
        Hints come in levels, from a nudge to nearly the answer. Each call shows \
        one more; which were shown is kept in your progress file (and an \
        instructor's grade report lists them).

        Examples:
          workbook hint 1
          workbook hint factorials --all
        """
    )

    @Argument(help: ArgumentHelp("The exercise: its number, its slug or both.", valueName: "exercise"))
    var exercise: String

    @Flag(name: .long, help: "Show only the hints already shown; reveal no new one.")
    var again = false

    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let found = try reportingFailures { try Catalog(root: root).exercise(matching: exercise) }
        guard !found.hints.isEmpty else {
            print("Exercise \(found.number) has no hints. Its task is in `workbook read --exercise \(found.number)`.")
            return
        }
        let shown = location.hintsShown(of: found, root: root, revealingOneMore: !again)
        guard shown > 0 else {
            print("No hint shown yet; run `workbook hint \(found.number)` without --again for the first.")
            return
        }
        for index in 0..<shown {
            print("Hint \(index + 1) of \(found.hints.count): \(found.hints[index])")
        }
        if shown == found.hints.count { print("That was the last hint.") }
    }
}

extension LocationOptions {
    /// How many hints of `exercise` the learner has seen, after revealing
    /// one more (saved in the progress file) when asked and one is left.
    func hintsShown(of exercise: Exercise, root: URL, revealingOneMore: Bool) -> Int {
        var shown = loadProgress(root: root).exercises[exercise.slug]?.hintsShown ?? 0
        if revealingOneMore, shown < exercise.hints.count {
            shown += 1
            update(root: root) { [shown] in $0.exercises[exercise.slug, default: ExerciseProgress()].hintsShown = shown }
        }
        return shown
    }
}
