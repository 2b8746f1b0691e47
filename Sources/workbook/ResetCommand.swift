import ArgumentParser
import Foundation
import Workbook

/// `workbook reset N`: the exercise's starter, back as handed out.
struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put an exercise's code back as it was handed out (your changes are lost).",
        discussion: """
        Copies Exercises/NN-slug/Starter over Exercises/NN-slug/Sources, and \
        removes files Starter does not have. It works in any copy of the \
        course, git checkout or not. Your progress (grades, hints) is kept.

        Examples:
          workbook reset 1
        """
    )

    @Argument(help: ArgumentHelp("The exercise: its number, its slug or both.", valueName: "exercise"))
    var exercise: String

    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let found = try reportingFailures { try Catalog(root: root).exercise(matching: exercise) }
        let changed = try reportingFailures { try ExerciseFiles.replaceContents(of: found.sourcesFolder, with: found.starterFolder) }
        if changed.isEmpty {
            print("Exercise \(found.number) is already as handed out; nothing changed.")
        } else {
            print("Exercise \(found.number) is back as handed out (\(changed.count) \(changed.count == 1 ? "file" : "files") restored: \(changed.joined(separator: ", "))).")
        }
    }
}
