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
        """
    )

    @Argument(help: ArgumentHelp("The chapter: its number (2 or 02), its slug (processes) or both (02-processes).", valueName: "chapter"))
    var chapter: String

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
        let found = try reportingFailures { try Catalog(root: root).chapter(matching: chapter) }
        let document = MarkdownDocument(parsing: Self.header(for: found) + found.body)
        if html {
            print(HTMLRenderer().render(document))
            return
        }
        let text = TerminalRenderer(width: width ?? Terminal.width, color: color.enabled).render(document)
        Terminal.page(text)
    }

    /// Markdown for what the front matter says: the title (unless the body
    /// starts with a heading of its own), the estimated time and the goals.
    static func header(for chapter: Chapter) -> String {
        var lines: [String] = []
        let firstLine = chapter.body.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }
        if firstLine?.hasPrefix("#") != true { lines.append("# \(chapter.number). \(chapter.title)") }
        if let minutes = chapter.minutes { lines.append("*About \(minutes) \(minutes == 1 ? "minute" : "minutes").*") }
        if !chapter.goals.isEmpty {
            lines.append("In this chapter you will:\n\n" + chapter.goals.map { "- \($0)" }.joined(separator: "\n"))
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n\n") + "\n\n"
    }
}
