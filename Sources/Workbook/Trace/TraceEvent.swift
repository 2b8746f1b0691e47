import Foundation

/// One line of the core's process trace: a process started or was reaped.
///
/// The core writes these as JSON lines to the file named by `MP_TRACE_FILE`.
/// The main program writes a `start` event with method `main`; each child
/// writes its own `start` event; a parent writes the child's `exit` event
/// when it collects the exit code.
public struct TraceEvent: Decodable, Sendable, Equatable {
    /// `start` or `exit`.
    public var event: String
    /// The process the event is about.
    public var pid: Int32
    /// Its logical parent (under forkserver, the process that asked for it).
    public var ppid: Int32
    /// The process name, e.g. `Process-1` or `PoolWorker-2`.
    public var name: String
    /// `fork`, `spawn`, `forkserver`, or `main` for the main program.
    public var method: String
    /// The exit code, on `exit` events only (negative: killed by that signal).
    public var exitCode: Int32?
    /// Seconds since 1970 when the event was written (in a witnessed run:
    /// seconds since the run started).
    public var time: Double
    /// In a witnessed run's start events: the process's time on a CPU.
    public var cpuMilliseconds: Double?
    /// In a witnessed run's start events: when the process ended, in
    /// seconds since the run started (nil if it never ended).
    public var end: Double?

    /// Makes an event by hand (tests, tools).
    public init(
        event: String, pid: Int32, ppid: Int32, name: String, method: String,
        exitCode: Int32? = nil, time: Double = 0
    ) {
        self.event = event
        self.pid = pid
        self.ppid = ppid
        self.name = name
        self.method = method
        self.exitCode = exitCode
        self.time = time
    }

    /// Whether this is a `start` event.
    public var isStart: Bool { event == "start" }
    /// Whether this is an `exit` event.
    public var isExit: Bool { event == "exit" }
    /// Whether the event is about the main program rather than a child.
    public var isMain: Bool { method == "main" }

    /// Reads a trace file. A file that does not exist means no process wrote
    /// to it, so it reads as no events; blank lines are skipped.
    ///
    /// - Throws: `TraceFileError` when the file cannot be read or a line is
    ///   not a trace event.
    public static func read(from url: URL) throws -> [TraceEvent] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TraceFileError(file: url.path, line: nil, reason: "it could not be read (\(error.localizedDescription))")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: url.path)
    }

    /// Parses trace text: one JSON event a line, blank lines skipped.
    ///
    /// - Parameter file: the name used in error messages.
    /// - Throws: `TraceFileError` naming the first line that is not an event.
    public static func parse(_ text: String, file: String = "trace") throws -> [TraceEvent] {
        let decoder = JSONDecoder()
        var events: [TraceEvent] = []
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            do {
                events.append(try decoder.decode(TraceEvent.self, from: Data(trimmed.utf8)))
            } catch let error as DecodingError {
                throw TraceFileError(file: file, line: lineNumber, reason: describe(error, text: trimmed))
            } catch {
                throw TraceFileError(file: file, line: lineNumber, reason: "`\(trimmed)` is not a trace event")
            }
        }
        return events
    }

    private static func describe(_ error: DecodingError, text: String) -> String {
        let shown = text.count > 120 ? String(text.prefix(120)) + "…" : text
        switch error {
        case .keyNotFound(let key, _):
            return "`\(shown)` has no \"\(key.stringValue)\" field"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "`\(shown)`: field \"\(field)\" has the wrong type"
        case .dataCorrupted:
            return "`\(shown)` is not valid JSON"
        @unknown default:
            return "`\(shown)` is not a trace event"
        }
    }
}
