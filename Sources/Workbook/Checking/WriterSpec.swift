import Foundation

/// Who must have written a line: the `FROM` part of a directive, e.g.
/// `CHECK: hello from [[NAME]] FROM [[PID]]` or `CHECK-DAG: A FROM child`.
///
/// Only a witnessed run knows who wrote each line (the workbook saw every
/// write to standard output and the process that made it). In a run that
/// could not be witnessed, `FROM` is not checked, and the run says so.
enum WriterSpec: Sendable {
    /// The example's main program.
    case main
    /// Any process of the run other than the main program.
    case child
    /// The process whose pid was captured under this name (earlier, or by
    /// the same pattern).
    case pid(capture: String)
    /// A process whose name wholly matches the regex.
    case named(NSRegularExpression, source: String)

    /// The spec as written after `FROM`.
    var source: String {
        switch self {
        case .main: return "main"
        case .child: return "child"
        case .pid(let name): return "[[\(name)]]"
        case .named(_, let source): return "processes named \(source)"
        }
    }

    /// The forms a spec can take, for error messages.
    static let forms = "FROM main, FROM child, FROM [[PID]] or FROM processes named REGEX"

    /// Splits a directive's argument into its pattern and its `FROM` spec.
    ///
    /// - Parameters:
    ///   - known: captures made by earlier directives.
    ///   - definedHere: captures the pattern itself makes.
    static func split(_ argument: String) -> (pattern: String, spec: String?) {
        guard let range = argument.range(of: " FROM ", options: .backwards) else { return (argument, nil) }
        return (argument[..<range.lowerBound].checkTrimmed, argument[range.upperBound...].checkTrimmed)
    }

    /// Parses the text after `FROM`.
    init(parsing text: String, line: Int, available: Set<String>) throws {
        switch text {
        case "main": self = .main
        case "child": self = .child
        default:
            if text.hasPrefix("[["), text.hasSuffix("]]"), text.count > 4 {
                let name = String(text.dropFirst(2).dropLast(2))
                guard available.contains(name) else {
                    throw CheckSyntaxError(line: line, message: "`FROM [[\(name)]]` uses a value that is not captured; capture the pid first, e.g. `[[\(name):[0-9]+]]`")
                }
                self = .pid(capture: name)
            } else if text.hasPrefix("processes named ") {
                let regex = String(text.dropFirst("processes named ".count)).checkTrimmed
                guard !regex.isEmpty, let compiled = try? NSRegularExpression(pattern: "\\A(?:\(regex))\\z") else {
                    throw CheckSyntaxError(line: line, message: "`\(regex)` after `FROM processes named` is not a valid regular expression")
                }
                self = .named(compiled, source: regex)
            } else {
                throw CheckSyntaxError(line: line, message: "`FROM \(text)` does not name a writer; use \(WriterSpec.forms)")
            }
        }
    }
}

/// A `FROM` spec made ready to judge the writers of one run's lines.
struct WriterCheck: Sendable {
    let spec: WriterSpec
    let values: [String: String]
    let mainPids: Set<Int32>
    let names: [Int32: String]

    /// Whether `writer` (nil: nobody the witness saw) satisfies the spec,
    /// with the values the pattern just captured.
    func accepts(_ writer: Int32?, captured: [String: String]) -> Bool {
        guard let writer else { return false }
        switch spec {
        case .main: return mainPids.contains(writer)
        case .child: return !mainPids.contains(writer)
        case .pid(let name): return Int32(captured[name] ?? values[name] ?? "") == writer
        case .named(let regex, _):
            guard let name = names[writer] else { return false }
            return regex.firstMatch(in: name, range: NSRange(name.startIndex..<name.endIndex, in: name)) != nil
        }
    }

    /// What the spec asked for, in words: `the main program`, `a child
    /// process`, `a process named Worker-.*`, or `PID = 4243 (Process-2)`
    /// with the value the pattern or an earlier directive captured.
    func required(captured: [String: String]) -> String {
        switch spec {
        case .main: return "the main program"
        case .child: return "a child process"
        case .named(_, let source): return "a process named `\(source)`"
        case .pid(let name):
            guard let value = captured[name] ?? values[name], let pid = Int32(value) else { return "the process [[\(name)]]" }
            if mainPids.contains(pid) { return "\(name) = \(pid) (the main program)" }
            if let processName = names[pid] { return "\(name) = \(pid) (\(processName))" }
            return "\(name) = \(pid), which is no process of this run"
        }
    }

    /// E.g. `Process-2 (pid 4243)`, or `a write the witness did not see`.
    func describe(_ writer: Int32?) -> String {
        guard let writer else { return "no process the witness saw (an unwitnessed write)" }
        if mainPids.contains(writer) { return "the main program (pid \(writer))" }
        return "\(names[writer] ?? "process") (pid \(writer))"
    }
}
