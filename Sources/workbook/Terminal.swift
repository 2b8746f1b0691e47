#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Workbook

/// The terminal the workbook writes to: is it one, how wide, colours, pager.
enum Terminal {
    /// Whether standard output is a terminal.
    static var stdoutIsTTY: Bool { TerminalStyle.isTerminal(1) }

    /// Colour by default: on a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    static var colorByDefault: Bool {
        TerminalStyle.shouldUseColor(isTTY: stdoutIsTTY, environment: ProcessInfo.processInfo.environment)
    }

    /// The width to render for: `COLUMNS`, else the terminal's, else 80.
    static var width: Int {
        TerminalStyle.width(environment: ProcessInfo.processInfo.environment)
    }

    /// Writes a line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Shows `text` through `$PAGER` (or `less -R`) when standard output is a
    /// terminal, and writes it straight to standard output otherwise, or
    /// when the pager cannot be run.
    static func page(_ text: String) {
        guard stdoutIsTTY else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        if !Pager.show(text, command: pager) {
            printError("workbook: the pager `\(pager)` could not be run (set PAGER to another one); showing the chapter directly")
            print(text)
        }
    }
}


