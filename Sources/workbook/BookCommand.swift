import ArgumentParser
import Foundation
import Workbook

/// `workbook book`: the whole course as a static site.
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Render the whole course as a website (the book), to read offline or host.",
        discussion: """
        The pages come from book/ (its SUMMARY.md gives their order), Lessons/ \
        and Exercises/; nothing is copied into book/. The site works from \
        file:// with no network: open book/html/index.html in a browser. With \
        --run, every chapter's example is run first (as `workbook run` does) \
        and its real output, its checks marked held or not, and a timeline of \
        its processes appear on its page. --instructor adds the speaker notes, \
        the instructor's guide and the exercises' solutions (the learners' \
        edition never has them).

        Examples:
          workbook book
          workbook book --run --out /tmp/book
          workbook book --instructor --out book/instructor
        """
    )

    @Option(name: .long, help: ArgumentHelp("The folder to write the site to (default: book/html).", valueName: "dir"))
    var out: String?

    @Flag(name: .customLong("run"), help: "Run every chapter's example and show its real output and timeline.")
    var runExamples = false

    @Flag(name: .long, help: "The instructor's edition: speaker notes, the guide, the solutions.")
    var instructor = false

    @Flag(name: .long, help: "With --run: do not build; use the binaries in .build/debug.")
    var skipBuild = false

    @Option(name: .long, help: ArgumentHelp("With --run: the start method (spawn, fork, forkserver or default).", valueName: "method"))
    var startMethod: StartMethodOption = .default

    @OptionGroup var location: LocationOptions

    func validate() throws {
        guard startMethod != .all else { throw ValidationError("--start-method takes one method for the book, not all") }
    }

    func run() throws {
        let root = try location.packageRoot()
        let folder = out.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? root.appendingPathComponent("book/html")
        var builder = BookBuilder(root: root, output: folder)
        builder.instructor = instructor
        if runExamples {
            let chapters = try reportingFailures { try Catalog(root: root).chapters() }
            let sessions = try reportingFailures { try chapters.map(prepareSession) }
            let builds = try reportingFailures {
                try exampleBuilder(root: root, skipBuild: skipBuild, binaries: nil).build(products: chapters.map(\.targetName))
            }
            let method = startMethod.methods.first ?? nil
            for session in sessions {
                let chapter = session.chapter
                Terminal.printError("workbook: running chapter \(chapter.number) for the book")
                let build = builds[chapter.targetName] ?? .failed(BuildFailure(product: chapter.targetName, log: "not built"))
                let results = session.run(build, runner: ExampleRunner(timeout: chapter.runTimeout), repeats: 1, methods: [method])
                if let result = results.first { builder.runs[chapter.name] = BookRun(result: result) }
            }
        }
        let report = try reportingFailures { try builder.build() }
        print("Wrote \(report.pages) pages (and print.html) to \(displayPath(folder)) in \(String(format: "%.2f", report.seconds)) s"
              + "\(instructor ? ", instructor's edition" : ""). Open \(displayPath(folder.appendingPathComponent("index.html"))).")
    }
}
