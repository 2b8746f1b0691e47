import ArgumentParser
import Foundation
import Workbook

/// `workbook run N|slug`: build, run and check one chapter's example.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build and run a chapter's example, then check its output against the chapter.",
        discussion: """
        Shows what the example printed (standard error marked `stderr|`), then \
        for every `expect` block of the chapter what matched or, when something \
        did not, the expected lines against the output, annotated. The last \
        line is the status: PASS, FAIL, TIMEOUT, CRASH or BUILD ERROR, with one \
        sentence on what it means. The result is saved to your progress.

        The exit status is 0 when every run passed, 1 when one did not, 2 \
        when the chapter cannot be found, read or built into a run, and 64 when \
        the command line itself is wrong (an unknown option, --repeat 0).

        Examples:
          workbook run 2
          workbook run processes --start-method all
          workbook run 03 --repeat 5 --timeout 30
          workbook run 2 --timeline
        """
    )

    @Argument(help: ArgumentHelp("The chapter: its number (2 or 02), its slug (processes) or both (02-processes).", valueName: "chapter"))
    var chapter: String

    @Flag(name: .long, help: "After each run, draw which process was alive when, as text lanes.")
    var timeline = false

    @OptionGroup var options: RunOptions
    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let found = try reportingFailures { try Catalog(root: root).chapter(matching: chapter) }
        let session = try reportingFailures { try prepareSession(found) }
        let build = try reportingFailures { try options.builder(root: root).build(product: found.targetName) }
        let runner = ExampleRunner(timeout: session.timeout(override: options.timeout))
        let report = RunReport(paint: Paint(enabled: options.color.enabled), chapter: found)
        let methods = options.methods
        let total = methods.count * options.repeat
        let results = session.run(build, runner: runner, repeats: options.repeat, methods: methods) { result in
            print(report.heading(result, repeats: options.repeat))
            // With many runs, passing ones after the first only get their status line.
            let showAll = !result.status.passed || (result.repeatNumber == 1 && result.startMethod == methods.first ?? nil)
            print(showAll ? report.details(result) : report.statusLine(result))
            if timeline {
                if let witness = result.run?.witness, witness.witnessed {
                    print("── timeline (which process was alive when) " + String(repeating: "─", count: 20))
                    print(Timeline(processes: witness.processes).text(width: Terminal.width))
                } else {
                    print("(no timeline: the run was not witnessed)")
                }
            }
            print("")
        }
        let status = overallStatus(of: results)
        location.record([(found.slug, status)], root: root)
        if total > 1 {
            let passed = results.filter(\.status.passed).count
            print("\(passed) of \(results.count) runs passed.")
        }
        if !status.passed { throw ExitCode(1) }
    }
}

/// A session for `chapter`, with errors that name its chapter.md.
func prepareSession(_ chapter: Chapter) throws -> ChapterSession {
    do {
        return try ChapterSession(chapter: chapter)
    } catch let error as RunningError {
        throw error
    } catch {
        throw ChapterProblem(file: chapter.folder.appendingPathComponent("chapter.md").path, error: error)
    }
}

/// An error in a chapter file, named with the file.
struct ChapterProblem: Error, CustomStringConvertible {
    let file: String
    let error: Error
    var description: String { "\(file): \(error)" }
}
