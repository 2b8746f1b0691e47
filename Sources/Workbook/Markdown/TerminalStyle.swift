#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decisions about how to write to a terminal: whether to use colour and
/// how wide to wrap.
public enum TerminalStyle {
    /// Widths outside this range are clamped into it: narrower is unreadable,
    /// wider makes lines too long to read comfortably.
    public static let widthRange: ClosedRange<Int> = 20...120

    /// The width used when neither `COLUMNS` nor the terminal says.
    public static let defaultWidth = 80

    /// Whether output should be coloured: only on a terminal, never when
    /// `NO_COLOR` is set to anything non-empty (https://no-color.org), and
    /// never when `TERM` is `dumb`.
    public static func shouldUseColor(isTTY: Bool, environment: [String: String]) -> Bool {
        guard isTTY else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return true
    }

    /// Whether `fileDescriptor` is a terminal.
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// The width to wrap text at: `COLUMNS` when it is a positive number,
    /// else the terminal's width (asked with `TIOCGWINSZ`), else 80; clamped
    /// to ``widthRange``.
    public static func width(environment: [String: String], fileDescriptor: Int32 = 1) -> Int {
        if let columns = environment["COLUMNS"].flatMap({ Int($0.trimmingWhitespace()) }), columns > 0 {
            return clamp(columns)
        }
        if let columns = terminalColumns(fileDescriptor) {
            return clamp(columns)
        }
        return defaultWidth
    }

    /// Columns `text` takes on screen, not counting ANSI escape sequences.
    public static func visibleWidth(of text: String) -> Int {
        TerminalText.visibleWidth(of: text)
    }

    private static func clamp(_ width: Int) -> Int {
        min(max(width, widthRange.lowerBound), widthRange.upperBound)
    }

    private static func terminalColumns(_ fileDescriptor: Int32) -> Int? {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        var size = winsize()
        let result = withUnsafeMutablePointer(to: &size) { pointer in
            ioctl(fileDescriptor, UInt(TIOCGWINSZ), pointer)
        }
        guard result == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
        #else
        return nil
        #endif
    }
}
