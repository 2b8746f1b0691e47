#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The terminal the workbook writes to: is it one, how wide, colours, pager.
enum Terminal {
    /// Whether standard output is a terminal.
    static var stdoutIsTTY: Bool { isatty(1) == 1 }

    /// Colour by default: on a terminal, unless `NO_COLOR` is set or `TERM` is `dumb`.
    static var colorByDefault: Bool {
        let environment = ProcessInfo.processInfo.environment
        return stdoutIsTTY && environment["NO_COLOR"].map(\.isEmpty) ?? true && environment["TERM"] != "dumb"
    }

    /// The width to render for: the terminal's, else `COLUMNS`, else 80.
    static var width: Int {
        var size = winsize()
        if stdoutIsTTY, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    /// Writes a line to standard error.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Shows `text` through `$PAGER` (or `less -R`) when standard output is a
    /// terminal, and writes it straight to standard output otherwise (or when
    /// the pager cannot be started).
    static func page(_ text: String) {
        guard stdoutIsTTY else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", pager]
        let input = Pipe()
        process.standardInput = input
        do { try process.run() } catch {
            print(text)
            return
        }
        // A pager that quits early closes the pipe; that is not an error.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// ANSI styling that does nothing when colour is off.
struct Paint {
    let enabled: Bool

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
