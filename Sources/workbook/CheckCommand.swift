import ArgumentParser
import Foundation
import Workbook

/// `workbook check`: run and check every chapter (or the ones named).
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every chapter (or the ones named): build, run and check each example.",
        discussion: """
        A chapter passes only when every repeat under every start method \
        passes. For each chapter that does not, the first failing run is shown \
        in full. A summary table follows, and the last line is exactly \
        `N passed, N failed`. The exit status is 0 when all passed, 1 when one \
        did not, 2 when a chapter cannot be read or built into a run (say, a \
        malformed expect block), and 64 when the command line itself is wrong \
        (an unknown option, --repeat 0). With --json, the \
        results are printed as JSON instead (build messages still go to stderr).

        Examples:
          workbook check
          workbook check 1 3
          workbook check --repeat 5 --start-method all
          workbook check --json --skip-build
        """
    )

    @Argument(help: ArgumentHelp("Chapters to check (number or slug); all when none is given.", valueName: "chapter"))
    var chapters: [String] = []

    @Flag(name: .long, help: "Print machine-readable results (JSON) instead of the report.")
    var json = false

    @OptionGroup var options: RunOptions
    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let catalog = Catalog(root: root)
        let selected = try reportingFailures {
            chapters.isEmpty ? try catalog.chapters() : try chapters.map { try catalog.chapter(matching: $0) }
        }
        // Every chapter is prepared before anything is built, so a malformed
        // chapter stops the check at once.
        let sessions = try reportingFailures { try selected.map(prepareSession) }
        let builds = try reportingFailures { try options.builder(root: root).build(products: selected.map(\.targetName)) }
        let paint = Paint(enabled: !json && options.color.enabled)
        let methods = options.methods

        var summaries: [ChapterSummary] = []
        for session in sessions {
            let chapter = session.chapter
            let build = builds[chapter.targetName] ?? .failed(BuildFailure(product: chapter.targetName, log: "not built"))
            let runner = ExampleRunner(timeout: session.timeout(override: options.timeout))
            if !json { Terminal.printError("workbook: checking chapter \(chapter.number) (\(chapter.name))") }
            let results = session.run(build, runner: runner, repeats: options.repeat, methods: methods)
            let summary = ChapterSummary(chapter: chapter, results: results)
            summaries.append(summary)
            if !json, let failing = results.first(where: { !$0.status.passed }) {
                let report = RunReport(paint: paint, chapter: chapter)
                print(report.heading(failing, repeats: options.repeat))
                print(report.details(failing))
                print("")
            }
        }
        location.record(summaries.map { ($0.chapter.slug, $0.status) }, root: root)

        let passed = summaries.filter(\.status.passed).count
        let failed = summaries.count - passed
        if json {
            print(try CheckJSON.encode(summaries, passed: passed, failed: failed))
        } else {
            printTable(summaries, paint: paint)
            print("\(passed) passed, \(failed) failed")
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func printTable(_ summaries: [ChapterSummary], paint: Paint) {
        let nameWidth = max(7, summaries.map(\.chapter.name.count).max() ?? 0)
        print("chapter".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  runs  passed  status")
        for summary in summaries {
            let name = summary.chapter.name
            let status = summary.status.passed ? paint.green(summary.status.label) : paint.red(summary.status.label)
            var line = name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
            line += "  " + String(summary.results.count).leftPadded(to: 4)
            line += "  " + String(summary.passedRuns).leftPadded(to: 6)
            line += "  " + status
            if let failing = summary.results.first(where: { !$0.status.passed }), summary.results.count > 1 {
                line += " (first in run \(failing.repeatNumber), start method \(failing.startMethodLabel))"
            }
            print(line)
        }
    }
}

/// The results of one chapter in a check.
struct ChapterSummary {
    let chapter: Chapter
    let results: [ChapterRunResult]

    var status: RunStatus { overallStatus(of: results) }
    var passedRuns: Int { results.filter(\.status.passed).count }
}
