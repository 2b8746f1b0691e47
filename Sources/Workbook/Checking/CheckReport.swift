/// Writes a `CheckOutcome` for a person: a short list of what matched when
/// everything held; otherwise the failures, then the output annotated line
/// by line, then the trace if a trace fact failed.
struct CheckReport {
    let outcome: CheckOutcome
    let color: Bool

    /// Outputs up to this many lines are shown whole; longer ones only around
    /// the annotated lines.
    static let wholeOutputLimit = 200
    static let contextLines = 3

    private enum Tone {
        case pass, fail, hint, counted, dim, bold

        var style: TextStyle {
            switch self {
            case .pass: return .good
            case .fail: return .bad
            case .hint: return .warning
            case .counted: return .code
            case .dim: return .dim
            case .bold: return .bold
            }
        }
    }

    private func paint(_ text: String, _ tone: Tone) -> String {
        Paint(enabled: color).apply(text, tone.style)
    }

    var text: String {
        outcome.passed ? successText : failureText
    }

    // MARK: - Success

    private var successText: String {
        let count = outcome.results.count
        var out = paint("PASS", .pass) + "  " + (count == 1 ? "the check holds" : "all \(count) checks hold") + "\n"
        for result in outcome.results {
            out += "  " + result.directive.label + successDetail(result) + "\n"
        }
        return out
    }

    private func successDetail(_ result: CheckResult) -> String {
        switch result.directive.kind {
        case .check, .next, .empty, .dag:
            guard let line = result.lines.first else { return ": " + result.message }
            return " -> \(line): \(shownLine(line))" + capturesSuffix(result.captures)
        case .count:
            var text = " -> lines:" + capturesSuffix(result.captures)
            for line in result.lines.prefix(10) { text += "\n      \(line): \(shownLine(line))" }
            if result.lines.count > 10 { text += "\n      … and \(result.lines.count - 10) more" }
            return text
        case .not, .total, .trace, .allow:
            return ": " + result.message
        }
    }

    private func capturesSuffix(_ captures: [CheckCapture]) -> String {
        guard !captures.isEmpty else { return "" }
        let shown = captures.suffix(4).map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
        return "  [" + shown + "]"
    }

    private func shownLine(_ line: Int) -> String {
        guard line >= 1, line <= outcome.outputLines.count else { return "(end of output)" }
        let text = outcome.outputLines[line - 1]
        return text.isEmpty ? "(empty line)" : CheckReport.visible(text)
    }

    /// The line with control characters written out (`\r`, `\u{1B}`), so a
    /// carriage return or an escape sequence in the output cannot hide or
    /// repaint what the report shows.
    static func visible(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\t": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: - Failure

    private var failureText: String {
        let failures = outcome.failures
        let checked = outcome.results.count
        var out = paint("FAIL", .fail) + "  \(failures.count) of \(checked) \(checked == 1 ? "check" : "checks") failed\n\n"
        for result in failures {
            out += paint(result.directive.label + ":", .fail) + " " + result.message + "\n"
            if let note = result.note { out += "  note: " + note + "\n" }
            if let closest = result.closest, result.note == nil {
                out += "  closest line \(closest): \(shownLine(closest))\n"
            }
        }
        let skipped = outcome.results.filter { $0.status == .skipped }
        if !skipped.isEmpty {
            let labels = skipped.prefix(6).map(\.directive.label).joined(separator: ", ")
            out += paint("not checked: ", .dim) + labels + (skipped.count > 6 ? ", …" : "")
                + " (an earlier directive failed)\n"
        }
        if !outcome.captures.isEmpty {
            out += "\ncaptured: " + outcome.captures.map { "\($0.name) = \($0.value) (line \($0.line))" }
                .joined(separator: ", ") + "\n"
        }
        if failures.contains(where: { $0.directive.kind != .trace }) || !outcome.captures.isEmpty {
            out += "\n" + annotatedOutput
        }
        if failures.contains(where: { $0.directive.kind == .trace }) {
            out += "\n" + traceTable
        }
        return out
    }

    // MARK: - Annotated output

    private struct Note {
        let marker: String
        let text: String
        let tone: Tone
    }

    /// The notes to print under each output line (1-based; count + 1 holds
    /// those about the end of the output).
    private var notes: [Int: [Note]] {
        var notes: [Int: [Note]] = [:]
        func add(_ line: Int, _ note: Note) { notes[line, default: []].append(note) }
        for result in outcome.results {
            let label = result.directive.label
            let kind = result.directive.kind
            switch (result.status, kind) {
            case (.passed, .total), (.failed, .total):
                let tone: Tone = result.status == .passed ? .counted : .fail
                for line in result.lines { add(line, Note(marker: "*", text: "counted by \(label)", tone: tone)) }
            case (.passed, .not), (.passed, .trace), (.failed, .trace), (.skipped, _):
                break
            case (.passed, _):
                let byLine = Dictionary(grouping: result.captures, by: \.line)
                for line in result.lines {
                    let captured = (byLine[line] ?? []).map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
                    add(line, Note(marker: "^", text: label + (captured.isEmpty ? "" : ", captured " + captured), tone: .pass))
                }
            case (.failed, .not):
                for line in result.lines { add(line, Note(marker: "X", text: "\(label) forbids this line", tone: .fail)) }
            case (.failed, _):
                for line in result.lines {
                    let text = kind == .dag ? "matches \(label), but is taken" : "matched by \(label)"
                    add(line, Note(marker: "^", text: text, tone: kind == .dag ? .hint : .pass))
                }
                if let at = result.expectedAt {
                    let what: String
                    switch kind {
                    case .next: what = "expected here: `\(result.directive.argument)`"
                    case .empty: what = "expected an empty line here"
                    default: what = "searched from here on for `\(result.directive.argument)`"
                    }
                    add(at, Note(marker: "X", text: "\(label) \(what)", tone: .fail))
                }
                if let closest = result.closest {
                    let text = result.note == nil ? "closest line to \(label)"
                        : "matches \(label), but not where it was looked for"
                    add(closest, Note(marker: "?", text: text, tone: .hint))
                }
            }
        }
        return notes
    }

    private var annotatedOutput: String {
        let lines = outcome.outputLines
        let notes = self.notes
        let width = String(lines.count + 1).count
        let number = { (n: Int) in String(repeating: " ", count: width - String(n).count) + String(n) }
        let blank = String(repeating: " ", count: width)
        var out = lines.isEmpty ? "output: (empty)\n"
            : "output, \(lines.count) \(lines.count == 1 ? "line" : "lines") (marks: ^ matched, X failed, ? closest, * counted):\n"

        let shown: (Int) -> Bool
        if lines.count <= CheckReport.wholeOutputLimit {
            shown = { _ in true }
        } else {
            let near = Set(notes.keys.flatMap { ($0 - CheckReport.contextLines)...($0 + CheckReport.contextLines) })
            shown = { near.contains($0) }
        }
        var hidden = 0
        func flushHidden() {
            if hidden > 0 {
                out += paint("\(blank) : … \(hidden) \(hidden == 1 ? "line" : "lines") not shown", .dim) + "\n"
                hidden = 0
            }
        }
        func writeNotes(_ line: Int) {
            for note in notes[line] ?? [] {
                out += paint("\(blank) |", .dim) + "   " + paint(note.marker + " " + note.text, note.tone) + "\n"
            }
        }
        for (offset, text) in lines.enumerated() {
            let line = offset + 1
            guard shown(line) else { hidden += 1; continue }
            flushHidden()
            out += paint("\(number(line)) |", .dim) + " " + CheckReport.visible(text) + "\n"
            writeNotes(line)
        }
        flushHidden()
        if notes[lines.count + 1] != nil {
            out += paint("\(blank) |", .dim) + " " + paint("(end of output)", .dim) + "\n"
            writeNotes(lines.count + 1)
        }
        return out
    }

    // MARK: - Trace

    private var traceTable: String {
        let table = TraceProcessTable(events: outcome.trace)
        let rows = table.main.map { ($0, true) } + table.children.map { ($0, false) }
        guard !rows.isEmpty else {
            return "trace: empty: no process wrote to it (was the program run with MP_TRACE_FILE set, and does it call MP.bootstrap()?)\n"
        }
        let children = table.children.count
        var out = "trace: the main program and \(children) child \(children == 1 ? "process" : "processes"):\n"
        let header = ["pid", "ppid", "name", "method", "exit"]
        var cells = [header]
        for (process, isMain) in rows {
            let exit = isMain ? "" : process.exitCode.map(String.init) ?? "none"
            var name = process.name
            if !isMain, !process.started { name += " (no start event)" }
            cells.append([String(process.pid), String(process.ppid), name, process.method, exit])
        }
        let widths = (0..<header.count).map { column in cells.map { $0[column].count }.max() ?? 0 }
        for (index, row) in cells.enumerated() {
            let padded = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
            let line = "  " + padded.replacingTrailingSpaces()
            out += (index == 0 ? paint(line, .dim) : line) + "\n"
        }
        return out
    }
}

private extension String {
    func replacingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
