#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A line on a terminal that a build rewrites in place (`\r`, then erase to
/// the end of the line) as SwiftPM reports its steps, cut to the terminal's
/// width so that it never wraps.
public struct BuildStatusLine: Sendable {
    /// The terminal's file descriptor.
    public var fileDescriptor: Int32
    /// Put before every text, e.g. `workbook: `.
    public var prefix: String

    /// Creates a status line on `fileDescriptor`.
    public init(fileDescriptor: Int32 = 2, prefix: String = "workbook: ") {
        self.fileDescriptor = fileDescriptor
        self.prefix = prefix
    }

    /// A status line on standard error when it is a terminal (and `TERM` is
    /// not `dumb`), else nil: then only whole lines are written.
    public static func standardErrorIfTerminal(environment: [String: String] = ProcessInfo.processInfo.environment) -> BuildStatusLine? {
        guard isatty(2) == 1, environment["TERM"] != "dumb" else { return nil }
        return BuildStatusLine()
    }

    /// Shows `text` in place of what the line showed.
    public func show(_ text: String) {
        let width = TerminalStyle.width(environment: ProcessInfo.processInfo.environment, fileDescriptor: fileDescriptor)
        write("\r\u{1B}[K" + Self.fit(prefix + text, width: width - 1))
    }

    /// Empties the line (the cursor goes back to its start).
    public func clear() {
        write("\r\u{1B}[K")
    }

    /// `text` cut to `width` characters, with `…` at the end when it was longer.
    static func fit(_ text: String, width: Int) -> String {
        guard width > 1, text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fileDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// One `[n/m] text` progress line of SwiftPM's, e.g. `[3/7] Compiling lesson_02_processes Say.swift`.
public struct BuildStep: Sendable, Equatable {
    /// The step's number.
    public var current: Int
    /// How many steps SwiftPM expects now (it can grow).
    public var total: Int
    /// What the step does.
    public var text: String

    /// Step `current` of `total`, as SwiftPM printed it (`[current/total] text`).
    public init(current: Int, total: Int, text: String) {
        self.current = current
        self.total = total
        self.text = text
    }

    /// The step a line of SwiftPM's output reports, or nil when it is not a
    /// progress line.
    public init?(line: String) {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return nil }
        let numbers = line[line.index(after: line.startIndex)..<close].split(separator: "/")
        guard numbers.count == 2, let current = Int(numbers[0]), let total = Int(numbers[1]) else { return nil }
        self.init(current: current, total: total,
                  text: line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
    }
}
