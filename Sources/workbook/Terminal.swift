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
    ///
    /// The pager stays in the workbook's process group, which is the
    /// terminal's foreground group: a pager in a group of its own would be
    /// stopped by the terminal as soon as it read a key, and wait for ever.
    static func page(_ text: String) {
        guard stdoutIsTTY else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
            return
        }
        let pager = ProcessInfo.processInfo.environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less -R"
        fflush(nil)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return print(text) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let words: [String] = ["/bin/sh", "-c", pager]
        let argv = words.map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer {
            posix_spawn(&pid, "/bin/sh", &actions, &attributes, $0.baseAddress!, environ)
        }
        _ = close(ends[0])
        guard spawned == 0 else {
            _ = close(ends[1])
            return print(text)
        }
        // Ctrl-C belongs to the pager while it runs; a pager that quits early
        // closes the pipe, which is not an error.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(ends[1], raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        _ = close(ends[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // 126 and 127: the shell could not run the pager at all.
        let exitCode = (status >> 8) & 0xFF
        if status & 0x7F == 0 && (exitCode == 126 || exitCode == 127) {
            printError("workbook: the pager `\(pager)` could not be run (set PAGER to another one); showing the chapter directly")
            print(text)
        }
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
