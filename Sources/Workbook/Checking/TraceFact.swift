import Foundation

/// A fact about a run's process trace, from a `TRACE:` directive.
struct TraceFact: Sendable {
    enum Filter: Sendable {
        case all
        case named(NSRegularExpression, source: String)
        case method(String)
    }

    enum Claim: Sendable {
        case processCount(Filter, TraceComparison, Int)
        case isChild(String)
        case isMain(String)
        case parent(child: String, parent: String)
        case exitCode(String, TraceComparison, Int)
        case everyExitCode(Filter, TraceComparison, Int)
        /// Some two of the matching processes were alive at the same time.
        case overlap(Filter)
        /// Every matching process spent OP N milliseconds on a CPU.
        case cpu(Filter, TraceComparison, Int)
        case method(String, String)
    }

    let claim: Claim
    /// The fact as written.
    let source: String

    /// Names of captures the fact reads.
    var uses: [String] {
        switch claim {
        case .processCount, .everyExitCode, .overlap, .cpu: return []
        case .isChild(let name), .isMain(let name), .exitCode(let name, _, _), .method(let name, _): return [name]
        case .parent(let child, let parent): return [child, parent]
        }
    }

    static let methods = ["fork", "spawn", "forkserver"]

    static let forms = """
        processes OP N, processes named REGEX OP N, processes with method M OP N, \
        child [[PID]], main [[PID]], parent of [[A]] is [[B]], exit of [[PID]] OP N, \
        exit of processes named REGEX OP N, processes named REGEX overlap, \
        cpu of processes named REGEX OP N ms, \
        method of [[PID]] is M (OP is one of \(TraceComparison.spelled); M is fork, spawn or forkserver)
        """

    /// Parses the text after `TRACE:`.
    init(parsing text: String, line: Int, known: Set<String>) throws {
        source = text
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        func fail(_ message: String) -> CheckSyntaxError {
            CheckSyntaxError(line: line, message: message)
        }
        func unknownFact() -> CheckSyntaxError {
            fail("`TRACE: \(text)` is not a trace fact; the facts are: \(TraceFact.forms)")
        }
        func comparison(_ word: String) throws -> TraceComparison {
            guard let op = TraceComparison(rawValue: word) else {
                throw fail("`\(word)` in `TRACE: \(text)` is not a comparison; use one of \(TraceComparison.spelled)")
            }
            return op
        }
        func number(_ word: String) throws -> Int {
            guard let value = Int(word) else {
                throw fail("`\(word)` in `TRACE: \(text)` is not a whole number")
            }
            return value
        }
        func reference(_ word: String) throws -> String {
            guard word.hasPrefix("[["), word.hasSuffix("]]"), word.count > 4 else {
                throw fail("`\(word)` in `TRACE: \(text)` should be a captured value such as `[[PID]]`")
            }
            let name = String(word.dropFirst(2).dropLast(2))
            guard known.contains(name) else {
                throw fail("`[[\(name)]]` is used before it is captured; capture it in an earlier CHECK with `[[\(name):[0-9]+]]`")
            }
            return name
        }
        func method(_ word: String) throws -> String {
            guard TraceFact.methods.contains(word) else {
                throw fail("`\(word)` in `TRACE: \(text)` is not a start method; use fork, spawn or forkserver")
            }
            return word
        }

        func named(_ parts: ArraySlice<String>) throws -> Filter {
            let regex = parts.joined(separator: " ")
            guard !regex.isEmpty, let compiled = try? NSRegularExpression(pattern: "\\A(?:\(regex))\\z") else {
                throw fail("`\(regex)` in `TRACE: \(text)` is not a valid regular expression")
            }
            return .named(compiled, source: regex)
        }

        guard let first = words.first else { throw fail("`TRACE:` needs a fact; the facts are: \(TraceFact.forms)") }
        switch first {
        case "processes" where words.count >= 4 && words[1] == "named" && words.last == "overlap":
            claim = .overlap(try named(words[2..<(words.count - 1)]))
        case "cpu" where words.count >= 8 && words[1] == "of" && words[2] == "processes" && words[3] == "named"
            && words.last == "ms":
            claim = .cpu(try named(words[4..<(words.count - 3)]), try comparison(words[words.count - 3]),
                         try number(words[words.count - 2]))
        case "processes":
            if words.count == 3 {
                claim = .processCount(.all, try comparison(words[1]), try number(words[2]))
            } else if words.count >= 5, words[1] == "named" {
                let regex = words[2..<(words.count - 2)].joined(separator: " ")
                guard let compiled = try? NSRegularExpression(pattern: "\\A(?:\(regex))\\z") else {
                    throw fail("`\(regex)` in `TRACE: \(text)` is not a valid regular expression")
                }
                claim = .processCount(.named(compiled, source: regex),
                                      try comparison(words[words.count - 2]), try number(words[words.count - 1]))
            } else if words.count == 6, words[1] == "with", words[2] == "method" {
                claim = .processCount(.method(try method(words[3])), try comparison(words[4]), try number(words[5]))
            } else {
                throw unknownFact()
            }
        case "child" where words.count == 2:
            claim = .isChild(try reference(words[1]))
        case "main" where words.count == 2:
            claim = .isMain(try reference(words[1]))
        case "parent" where words.count == 5 && words[1] == "of" && words[3] == "is":
            claim = .parent(child: try reference(words[2]), parent: try reference(words[4]))
        case "exit" where words.count >= 7 && words[1] == "of" && words[2] == "processes" && words[3] == "named":
            let regex = words[4..<(words.count - 2)].joined(separator: " ")
            guard let compiled = try? NSRegularExpression(pattern: "\\A(?:\(regex))\\z") else {
                throw fail("`\(regex)` in `TRACE: \(text)` is not a valid regular expression")
            }
            claim = .everyExitCode(.named(compiled, source: regex),
                                   try comparison(words[words.count - 2]), try number(words[words.count - 1]))
        case "exit" where words.count == 5 && words[1] == "of":
            claim = .exitCode(try reference(words[2]), try comparison(words[3]), try number(words[4]))
        case "method" where words.count == 5 && words[1] == "of" && words[3] == "is":
            claim = .method(try reference(words[2]), try method(words[4]))
        default:
            throw unknownFact()
        }
    }

    /// Whether the fact holds for this trace, and a sentence saying why.
    func evaluate(_ table: TraceProcessTable, values: [String: String]) -> (holds: Bool, why: String) {
        switch claim {
        case .processCount(let filter, let op, let expected):
            let counted = table.started.filter { filter.admits($0) }
            let what: String
            switch filter {
            case .all: what = "child \((counted.count == 1 ? "process" : "processes")) started"
            case .named(_, let source): what = "child \((counted.count == 1 ? "process" : "processes")) named `\(source)` started"
            case .method(let method): what = "child \((counted.count == 1 ? "process" : "processes")) started with \(method)"
            }
            var why = "\(counted.count) \(what)"
            if !counted.isEmpty {
                let listed = counted.prefix(8).map(\.label).joined(separator: ", ")
                why += ": " + listed + (counted.count > 8 ? ", …" : "")
            }
            return (op.holds(counted.count, expected), why)

        case .isChild(let name):
            return withPid(name, values) { pid, shown in
                if let child = table.child(pid: pid) { return (true, "\(shown) is \(child.label), a child of this run") }
                if table.main.contains(where: { $0.pid == pid }) {
                    return (false, "\(shown) is the main program's pid, not a child's")
                }
                return (false, "\(shown) is not the pid of any child process in the trace")
            }

        case .isMain(let name):
            return withPid(name, values) { pid, shown in
                if table.main.contains(where: { $0.pid == pid }) { return (true, "\(shown) is the main program's pid") }
                if table.main.isEmpty { return (false, "the trace has no start event of the main program (did it call MP.bootstrap()?)") }
                let mains = table.main.map { String($0.pid) }.joined(separator: ", ")
                return (false, "\(shown) is not the main program's pid, which is \(mains)")
            }

        case .parent(let childName, let parentName):
            return withPid(childName, values) { pid, shown in
                guard let child = table.child(pid: pid) else {
                    return (false, "\(shown) is not the pid of any child process in the trace")
                }
                return withPid(parentName, values) { parent, parentShown in
                    if child.ppid == parent { return (true, "the parent of \(child.label) is \(parentShown)") }
                    return (false, "the parent of \(child.label) is \(child.ppid), not \(parentShown)")
                }
            }

        case .exitCode(let name, let op, let expected):
            return withPid(name, values) { pid, shown in
                guard let child = table.child(pid: pid) else {
                    return (false, "\(shown) is not the pid of any child process in the trace")
                }
                guard let code = child.exitCode else {
                    return (false, "\(child.label) has no exit event: its parent never collected its exit code")
                }
                return (op.holds(Int(code), expected), "\(child.label) exited with \(code)")
            }

        case .overlap(let filter):
            let matched = table.started.filter { filter.admits($0) }
            for (index, a) in matched.enumerated() {
                for b in matched[(index + 1)...] {
                    guard let aStart = a.start, let bStart = b.start else { continue }
                    let aEnd = a.end ?? .infinity, bEnd = b.end ?? .infinity
                    if aStart < bEnd && bStart < aEnd {
                        return (true, "\(a.label) and \(b.label) were alive at the same time")
                    }
                }
            }
            if matched.count < 2 {
                return (false, "\(matched.count) child \(matched.count == 1 ? "process" : "processes") named `\(filter.source)` started; overlapping takes two")
            }
            return (false, "no two of the \(matched.count) processes named `\(filter.source)` were alive at the same time: "
                    + "each started after the one before it had ended")

        case .cpu(let filter, let op, let expected):
            let matched = table.started.filter { filter.admits($0) }
            guard !matched.isEmpty else { return (false, "no child process named `\(filter.source)` started") }
            guard matched.allSatisfy({ $0.cpuMilliseconds != nil }) else {
                // As with FROM, an unwitnessed run cannot check this; the run says it was unwitnessed.
                return (true, "not checked: CPU time is known only in a witnessed run")
            }
            let failing = matched.filter { !op.holds(Int(($0.cpuMilliseconds ?? 0).rounded(.down)), expected) }
            let shown = { (p: TracedProcess) in "\(p.label) used \(Int(p.cpuMilliseconds ?? 0)) ms" }
            guard failing.isEmpty else {
                return (false, failing.prefix(8).map(shown).joined(separator: "; "))
            }
            return (true, matched.prefix(8).map(shown).joined(separator: "; "))

        case .everyExitCode(let filter, let op, let expected):
            let counted = table.started.filter { filter.admits($0) }
            guard !counted.isEmpty else {
                return (false, "no child process named `\(filter.source)` started, so none exited")
            }
            let failing = counted.filter { process in process.exitCode.map { !op.holds(Int($0), expected) } ?? true }
            guard failing.isEmpty else {
                let listed = failing.prefix(8).map { process in
                    process.exitCode.map { "\(process.label) exited with \($0)" } ?? "\(process.label) has no exit event"
                }.joined(separator: "; ")
                return (false, "\(failing.count) of \(counted.count) fail: " + listed + (failing.count > 8 ? "; …" : ""))
            }
            return (true, "all \(counted.count) processes named `\(filter.source)` exited with a code \(op.rawValue) \(expected)")

        case .method(let name, let method):
            return withPid(name, values) { pid, shown in
                guard let child = table.child(pid: pid) else {
                    return (false, "\(shown) is not the pid of any child process in the trace")
                }
                return (child.method == method, "\(child.label) was started with \(child.method)")
            }
        }
    }

    private func withPid(
        _ name: String, _ values: [String: String], _ body: (Int32, String) -> (holds: Bool, why: String)
    ) -> (holds: Bool, why: String) {
        let value = values[name] ?? ""
        guard let pid = Int32(value) else { return (false, "\(name) = `\(value)` is not a pid") }
        return body(pid, "\(name) = \(pid)")
    }
}

extension TraceFact.Filter {
    /// The filter as written, for reports.
    var source: String {
        switch self {
        case .all: return ".*"
        case .named(_, let source): return source
        case .method(let method): return "with method \(method)"
        }
    }

    func admits(_ process: TracedProcess) -> Bool {
        switch self {
        case .all: return true
        case .named(let regex, _):
            let range = NSRange(process.name.startIndex..<process.name.endIndex, in: process.name)
            return regex.firstMatch(in: process.name, options: [], range: range) != nil
        case .method(let method): return process.method == method
        }
    }
}
