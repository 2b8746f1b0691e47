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
        malformed expect block: that chapter is shown as BROKEN with its \
        error, and the others are still checked), and 64 when the command line itself is wrong \
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
        let listings = try reportingFailures {
            chapters.isEmpty ? try catalog.listings() : try chapters.map { try catalog.listing(matching: $0) }
        }
        // A chapter that cannot be read or prepared is reported as broken and
        // the others are checked all the same.
        let prepared: [(listing: ChapterListing, session: Result<ChapterSession, any Error>)] = listings.map { listing in
            // Reading errors name their file already; prepareSession names it for its own.
            (listing, Result { try prepareSession(try listing.reading.get()) })
        }
        let sessions = prepared.compactMap { try? $0.session.get() }
        let builds = sessions.isEmpty ? [:]
            : try reportingFailures { try options.builder(root: root).build(products: sessions.map(\.chapter.targetName)) }
        let paint = Paint(enabled: !json && options.color.enabled)
        let methods = options.methods

        var summaries: [ChapterSummary] = []
        for (listing, preparation) in prepared {
            let session: ChapterSession
            switch preparation {
            case .failure(let problem):
                summaries.append(ChapterSummary(listing: listing, chapter: try? listing.reading.get(), results: [], problem: "\(problem)"))
                if !json {
                    print(paint.red("BROKEN") + "  chapter \(listing.number) (\(listing.name)) cannot be checked: \(problem)")
                    print("")
                }
                continue
            case .success(let ready):
                session = ready
            }
            let chapter = session.chapter
            let build = builds[chapter.targetName] ?? .failed(BuildFailure(product: chapter.targetName, log: "not built"))
            let runner = ExampleRunner(timeout: session.timeout(override: options.timeout))
            if !json { Terminal.printError("workbook: checking chapter \(chapter.number) (\(chapter.name))") }
            let results = session.run(build, runner: runner, repeats: options.repeat, methods: methods)
            let summary = ChapterSummary(listing: listing, chapter: chapter, results: results, problem: nil)
            summaries.append(summary)
            if !json, let failing = results.first(where: { !$0.status.passed }) {
                let report = RunReport(paint: paint, chapter: chapter)
                print(report.heading(failing, repeats: options.repeat))
                print(report.details(failing))
                print("")
            }
        }
        location.record(summaries.filter { $0.problem == nil }.map { ($0.listing.slug, $0.status) }, root: root)

        let passed = summaries.filter(\.passed).count
        let failed = summaries.count - passed
        if json {
            print(try CheckJSON.encode(summaries, passed: passed, failed: failed))
        } else {
            printTable(summaries, paint: paint)
            let unwitnessed = Set(summaries.flatMap { $0.results.compactMap(\.unwitnessedReason) }).sorted()
            for reason in unwitnessed {
                print(paint.yellow("note: runs marked unwitnessed were not watched by the kernel (\(reason)): who printed each line and which processes ran were taken from the example's own trace file, which it could forge."))
            }
            print("\(passed) passed, \(failed) failed")
        }
        if summaries.contains(where: { $0.problem != nil }) { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }

    private func printTable(_ summaries: [ChapterSummary], paint: Paint) {
        let nameWidth = max(7, summaries.map(\.listing.name.count).max() ?? 0)
        print("chapter".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  runs  passed  status")
        for summary in summaries {
            let name = summary.listing.name
            var status = summary.passed ? paint.green(summary.statusLabel) : paint.red(summary.statusLabel)
            if summary.results.contains(where: { $0.unwitnessedReason != nil }) { status += paint.yellow(" (unwitnessed)") }
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
    let listing: ChapterListing
    /// The chapter, when its `chapter.md` could be read.
    let chapter: Chapter?
    let results: [ChapterRunResult]
    /// Why the chapter could not be checked at all (a broken chapter.md).
    let problem: String?

    var status: RunStatus { overallStatus(of: results) }
    var passed: Bool { problem == nil && status.passed }
    var statusLabel: String { problem == nil ? status.label : "BROKEN" }
    var passedRuns: Int { results.filter(\.status.passed).count }
}
