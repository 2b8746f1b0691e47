import ArgumentParser
import Foundation
import Workbook

/// `workbook read N|slug`: a chapter rendered for the terminal (or as HTML).
struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read a chapter, rendered for the terminal.",
        discussion: """
        On a terminal the chapter is shown through $PAGER (or `less -R`); \
        otherwise it is written to standard output. The code shown is included \
        from the example's real source, and the `expect` blocks show what a run \
        of the example is checked for.

        Examples:
          workbook read 2
          workbook read processes --width 72
          workbook read 02-processes --html > processes.html
          workbook read --exercise 1
        """
    )

    @Argument(help: ArgumentHelp("The chapter: its number (2 or 02), its slug (processes) or both (02-processes).", valueName: "chapter"))
    var chapter: String

    @Flag(name: .long, help: "Read the exercise of that number or name instead of a chapter.")
    var exercise = false

    @Flag(name: .long, help: "Print the chapter as HTML instead.")
    var html = false

    @Option(name: .long, help: ArgumentHelp("Render for this many columns (default: the terminal's width, else 80).", valueName: "n"))
    var width: Int?

    @Option(name: .long, help: ArgumentHelp("Colour: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    @OptionGroup var location: LocationOptions

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width must be at least 20 (got \(width))") }
    }

    func run() throws {
        let root = try location.packageRoot()
        let markdown: String
        if exercise {
            let found = try reportingFailures { try Catalog(root: root).exercise(matching: chapter) }
            markdown = Self.markdown(for: found)
        } else {
            let found = try reportingFailures { try Catalog(root: root).chapter(matching: chapter) }
            markdown = Self.markdown(for: found)
        }
        let document = MarkdownDocument(parsing: markdown)
        if html {
            print(HTMLRenderer().render(document))
            return
        }
        let text = TerminalRenderer(width: width ?? Terminal.width, color: color.enabled).render(document)
        Terminal.page(text)
    }

    /// The chapter's Markdown with what the front matter says put in: the
    /// title (unless the body starts with a heading of its own, which then
    /// comes first), the estimated time and the goals.
    static func markdown(for chapter: Chapter) -> String {
        framed(body: chapter.body, heading: "# \(chapter.number). \(chapter.title)", minutes: chapter.minutes,
               goals: chapter.goals, goalsIntro: "In this chapter you will:")
    }

    /// An exercise's Markdown, framed as a chapter's is, with how to grade it.
    static func markdown(for exercise: Exercise) -> String {
        framed(body: exercise.body + "\n\nGrade your program with `workbook grade \(exercise.number)`; "
                   + "`workbook hint \(exercise.number)` gives the next of \(exercise.hints.count) hints.",
               heading: "# Exercise \(exercise.number). \(exercise.title)", minutes: exercise.minutes,
               goals: exercise.goals, goalsIntro: "In this exercise you will:")
    }

    private static func framed(body: String, heading: String, minutes: Int?, goals: [String], goalsIntro: String) -> String {
        var lines = body.components(separatedBy: "\n")
        var opening: [String] = []
        if let first = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }), lines[first].hasPrefix("# ") {
            opening = Array(lines[...first])
            lines.removeSubrange(...first)
        } else {
            opening = [heading]
        }
        var header: [String] = []
        if let minutes { header.append("*About \(minutes) \(minutes == 1 ? "minute" : "minutes").*") }
        if !goals.isEmpty {
            header.append(goalsIntro + "\n\n" + goals.map { "- \($0)" }.joined(separator: "\n"))
        }
        return (opening + [""] + header.flatMap { [$0, ""] } + lines).joined(separator: "\n")
    }
}
