/// Checks one block's steps against one run's output and trace, in the
/// block's order, and keeps what each step found.
struct CheckRun {
    private let steps: [CheckStep]
    /// Output lines, trimmed at both ends (what patterns match).
    private let lines: [String]
    private let table: TraceProcessTable
    /// Who wrote each line (index as `lines`), when the run was witnessed;
    /// nil when it was not, and `FROM` cannot be checked.
    private let writers: [Int32?]?
    private let cache = CheckRegexCache()

    /// Current capture values.
    private var values: [String: String] = [:]
    private(set) var captureLog: [CheckCapture] = []
    private var results: [CheckResult?]
    /// Where the search for the next directive starts: the line after the
    /// last one a positive directive matched (0 before any matched).
    private var nextSearchLine = 0
    /// The ordered directive whose failure stopped the ordered matching.
    private var stoppedBy: CheckDirective?
    private var pendingNots: [(step: Int, start: Int, values: [String: String])] = []

    /// How far the search for a "closest line" looks, to stay fast on huge outputs.
    private static let closestScanLimit = 5000

    init(steps: [CheckStep], lines: [String], trace: [TraceEvent], writers: [Int32?]? = nil) {
        self.steps = steps
        self.lines = lines
        self.writers = writers.flatMap { $0.count == lines.count ? $0 : nil }
        self.table = TraceProcessTable(events: trace)
        self.results = Array(repeating: nil, count: steps.count)
    }

    mutating func run() -> [CheckResult] {
        var index = 0
        while index < steps.count {
            let step = steps[index]
            switch step.directive.kind {
            case .trace: checkTrace(index)
            case .allow: checkAllow(index)
            case .total: checkTotal(index)
            case .not:
                if stoppedBy != nil { skipAfterFailure(index) } else {
                    pendingNots.append((index, nextSearchLine, values))
                }
            case .dag:
                var end = index
                while end + 1 < steps.count, steps[end + 1].directive.kind == .dag { end += 1 }
                if stoppedBy != nil { (index...end).forEach { skipAfterFailure($0) } } else { checkDag(index...end) }
                index = end
            case .check, .next, .empty, .count:
                if stoppedBy != nil { skipAfterFailure(index) } else { checkOrdered(index) }
            }
            index += 1
        }
        if stoppedBy == nil { resolveNots(before: lines.count) }
        return results.enumerated().map { offset, result in
            result ?? CheckResult(directive: steps[offset].directive, status: .skipped, message: "not checked")
        }
    }

    // MARK: - Ordered directives

    private mutating func checkOrdered(_ index: Int) {
        let step = steps[index]
        let directive = step.directive
        let start = nextSearchLine
        switch directive.kind {
        case .check:
            let pattern = step.pattern
            let bound = bind(pattern, values)
            if let (found, captured) = first(bound, in: start..<lines.count) {
                succeed(index, lines: [found], captured: [(found, captured)], from: found, to: found)
            } else {
                fail(index, message: "\(whereSearched(start)) matches `\(pattern.filledIn(values: values))`\(usedValues(pattern))",
                     expectedAt: start, pattern: pattern, searched: start..<lines.count)
            }

        case .next, .empty:
            let isEmptyCheck = directive.kind == .empty
            let pattern = step.pattern
            let subject = start == 0 ? "the first line" : "the line after line \(start)"
            let expectation = isEmptyCheck ? "\(subject) to be empty"
                : "\(subject) to match `\(pattern.filledIn(values: values))`\(usedValues(pattern))"
            let matched = start < lines.count ? bind(pattern, values).match(lines[start], writer: writer(at: start)) : nil
            if let matched {
                succeed(index, lines: [start], captured: [(start, matched)], from: start, to: start)
            } else {
                let rightTextWrongWriter = !isEmptyCheck && start < lines.count && bind(pattern, values).match(lines[start]) != nil
                let found = rightTextWrongWriter ? "and line \(start + 1) has that text, but not from the writer the directive names"
                    : start < lines.count ? "found `\(lines[start])`" : "found the end of the output"
                // An empty line has no text to look for elsewhere.
                fail(index, message: "expected \(expectation), \(found)", expectedAt: start,
                     pattern: isEmptyCheck ? nil : pattern, searched: (start + 1)..<max(start + 1, lines.count))
            }

        case .count(let wanted):
            let pattern = step.pattern
            let valuesBefore = values
            var bound = bind(pattern, values)
            var found: [(Int, [String: String])] = []
            var cursor = start
            while found.count < wanted, let (line, captured) = first(bound, in: cursor..<lines.count) {
                found.append((line, captured))
                cursor = line + 1
                if !pattern.defines.isEmpty {
                    // Each of the N matches is like its own CHECK: later ones see earlier captures.
                    values.merge(captured) { $1 }
                    bound = bind(pattern, values)
                }
            }
            if found.count == wanted {
                succeed(index, lines: found.map(\.0), captured: found, from: found[0].0, to: found[found.count - 1].0)
            } else {
                values = valuesBefore
                let listed = found.isEmpty ? "" : " (\(lineList(found.map(\.0))))"
                fail(index, message: "found \(found.count) of the \(wanted) lines after \(start == 0 ? "the start" : "line \(start)") that should match `\(pattern.filledIn(values: values))`\(usedValues(pattern))\(listed)",
                     lines: found.map(\.0), expectedAt: cursor, pattern: pattern, searched: cursor..<lines.count)
            }

        default:
            break
        }
    }

    /// A group of consecutive CHECK-DAG lines: each takes a line of its own
    /// after the previous match, in any order.
    ///
    /// Lines are handed out first come, first served; when a directive finds
    /// every line it matches taken, a line is freed by moving an earlier
    /// directive to another line it also matches (augmenting paths, as in
    /// bipartite matching). Directives that capture are never moved, so the
    /// values they captured stay what later directives were matched with.
    private mutating func checkDag(_ group: ClosedRange<Int>) {
        let start = nextSearchLine
        let range = start..<lines.count
        var owner: [Int: Int] = [:]          // line -> step
        var assigned: [Int: Int] = [:]       // step -> line
        var bounds: [Int: BoundCheckPattern] = [:]
        var candidates: [Int: [Int]] = [:]
        var capturedBy: [Int: [String: String]] = [:]

        func allMatches(_ step: Int) -> [Int] {
            if let known = candidates[step] { return known }
            guard let bound = bounds[step] else { return [] }
            let found = range.filter { bound.matches(lines[$0], writer: writer(at: $0)) }
            candidates[step] = found
            return found
        }
        func place(_ step: Int, visited: inout Set<Int>) -> Bool {
            for line in allMatches(step) where !visited.contains(line) {
                visited.insert(line)
                if let holder = owner[line] {
                    guard steps[holder].pattern.defines.isEmpty, place(holder, visited: &visited) else { continue }
                }
                owner[line] = step
                assigned[step] = line
                return true
            }
            return false
        }

        for index in group {
            let pattern = steps[index].pattern
            let bound = bind(pattern, values)
            bounds[index] = bound
            var placed = false
            if let free = range.first(where: { owner[$0] == nil && bound.matches(lines[$0], writer: writer(at: $0)) }) {
                owner[free] = index
                assigned[index] = free
                placed = true
            } else {
                var visited: Set<Int> = []
                placed = place(index, visited: &visited)
            }
            guard placed, let line = assigned[index] else {
                let matching = allMatches(index)
                let message: String
                if matching.isEmpty {
                    message = "\(whereSearched(start)) matches `\(pattern.filledIn(values: values))`\(usedValues(pattern))"
                } else {
                    let takers = Set(matching.compactMap { owner[$0] }).sorted().map { String(steps[$0].directive.line) }
                    message = "\(matching.count == 1 ? "line" : "lines") \(lineList(matching, word: false)) \(matching.count == 1 ? "matches" : "match") `\(pattern.filledIn(values: values))`\(usedValues(pattern)), but \(matching.count == 1 ? "it is" : "each is") already taken by the CHECK-DAG at chapter \(takers.count == 1 ? "line" : "lines") \(takers.joined(separator: ", ")); every CHECK-DAG of a group needs a line of its own"
                }
                fail(index, message: message, lines: matching, expectedAt: start, pattern: pattern,
                     searched: range, excluding: Set(owner.keys))
                recordGroup(group, upTo: index, assigned: assigned, captured: capturedBy)
                return
            }
            // A directive that captures is placed for good: its values count from now on.
            if !pattern.defines.isEmpty, let captured = bound.match(lines[line], writer: writer(at: line)) {
                values.merge(captured) { $1 }
                capturedBy[index] = captured
            }
        }
        recordGroup(group, upTo: nil, assigned: assigned, captured: capturedBy)
        let placedLines = assigned.values
        resolveNots(before: placedLines.min() ?? start)
        nextSearchLine = max(nextSearchLine, (placedLines.max() ?? -1) + 1)
    }

    /// Records the group's placed directives (all of them, or those before
    /// the one that failed), once no line will move any more.
    private mutating func recordGroup(
        _ group: ClosedRange<Int>, upTo failed: Int?, assigned: [Int: Int], captured: [Int: [String: String]]
    ) {
        for index in group {
            if index == failed { break }
            guard let line = assigned[index] else { continue }
            let pattern = steps[index].pattern
            let found = captured[index] ?? [:]
            let captures = pattern.defines.compactMap { name in
                found[name].map { CheckCapture(name: name, value: $0, line: line + 1) }
            }
            captureLog.append(contentsOf: captures)
            results[index] = CheckResult(directive: steps[index].directive, status: .passed,
                                         message: "matched line \(line + 1)", lines: [line + 1], captures: captures)
        }
        if let failed {
            for index in group where index > failed { skipAfterFailure(index) }
        }
    }

    // MARK: - CHECK-NOT

    /// Checks the CHECK-NOT lines waiting for the next positive match, now
    /// that it is known to be at `end` (0-based; `lines.count` for the end).
    private mutating func resolveNots(before end: Int) {
        for (index, start, notValues) in pendingNots {
            let pattern = steps[index].pattern
            let bound = bind(pattern, notValues)
            let upper = max(start, end)
            let offending = (start..<upper).filter { bound.matches(lines[$0], writer: writer(at: $0)) }
            let span = spanDescription(start, upper)
            let shown = "`\(pattern.filledIn(values: notValues))`\(usedValues(pattern, notValues))"
            if offending.isEmpty {
                results[index] = CheckResult(directive: steps[index].directive, status: .passed,
                                             message: "no line \(span) matches \(shown)")
            } else {
                let first = offending[0] + 1
                results[index] = CheckResult(
                    directive: steps[index].directive, status: .failed,
                    message: "line \(first) matches \(shown), but no line \(span) may match it"
                        + (offending.count > 1 ? " (\(offending.count) lines do: \(lineList(offending, word: false)))" : ""),
                    lines: offending.map { $0 + 1 }, expectedAt: first)
            }
        }
        pendingNots.removeAll()
    }

    private func spanDescription(_ start: Int, _ end: Int) -> String {
        switch (start == 0, end >= lines.count) {
        case (true, true): return "of the output"
        case (true, false): return "before line \(end + 1)"
        case (false, true): return "after line \(start)"
        case (false, false): return "between line \(start) and line \(end + 1)"
        }
    }

    // MARK: - Order-free directives

    private mutating func checkTotal(_ index: Int) {
        let step = steps[index]
        guard case .total(let wanted) = step.directive.kind else { return }
        let pattern = step.pattern
        guard usesAreKnown(pattern.uses, index) else { return }
        let bound = bind(pattern, values)
        let counted = lines.indices.filter { bound.matches(lines[$0], writer: writer(at: $0)) }
        let shown = "`\(pattern.filledIn(values: values))`\(usedValues(pattern))"
        let listed = counted.isEmpty ? "" : " (\(lineList(counted)))"
        if counted.count == wanted {
            results[index] = CheckResult(directive: step.directive, status: .passed,
                                         message: "\(wanted) \(wanted == 1 ? "line matches" : "lines match") \(shown)\(listed)",
                                         lines: counted.map { $0 + 1 })
        } else {
            // Lines with the text whose writer is not the one named are the
            // likely reason the count is off.
            let wrongWriters = bound.writerCheck == nil ? [] : lines.indices.filter {
                bound.match(lines[$0]) != nil && !bound.matches(lines[$0], writer: writer(at: $0))
            }
            var note: String?
            if let check = bound.writerCheck, let first = wrongWriters.first, let captured = bound.match(lines[first]) {
                let writers = Set(wrongWriters.map { check.describe(writer(at: $0)) }).sorted()
                note = "\(lineList(wrongWriters)) \(wrongWriters.count == 1 ? "has" : "have") that text, but "
                    + "\(wrongWriters.count == 1 ? "was" : "were") written by \(writers.joined(separator: ", ")), "
                    + "not by \(check.required(captured: captured)) as `FROM \(check.spec.source)` requires"
            }
            results[index] = CheckResult(
                directive: step.directive, status: .failed,
                message: "expected exactly \(wanted) \(wanted == 1 ? "line" : "lines") of the whole output to match \(shown), found \(counted.count)\(listed)",
                lines: counted.map { $0 + 1 },
                closest: counted.isEmpty ? (wrongWriters.first ?? closest(pattern, in: 0..<lines.count, excluding: [])).map { $0 + 1 } : nil,
                note: note)
        }
    }

    /// ALLOW never fails: it notes the lines it allows, for strict mode.
    private mutating func checkAllow(_ index: Int) {
        let step = steps[index]
        let bound = bind(step.pattern, values)
        let allowed = lines.indices.filter { bound.matches(lines[$0], writer: writer(at: $0)) }
        results[index] = CheckResult(
            directive: step.directive, status: .passed,
            message: allowed.isEmpty ? "allows no line of this output" : "allows \(lineList(allowed))",
            lines: allowed.map { $0 + 1 })
    }

    private mutating func checkTrace(_ index: Int) {
        let step = steps[index]
        guard let fact = step.fact, usesAreKnown(fact.uses, index) else { return }
        let (holds, why) = fact.evaluate(table, values: values)
        results[index] = CheckResult(
            directive: step.directive, status: holds ? .passed : .failed,
            message: holds ? "`\(fact.source)`: \(why)" : "`\(fact.source)` is false: \(why)")
    }

    /// Whether every capture a directive reads exists; if not (an earlier
    /// failure kept it from being captured), the directive is skipped.
    private mutating func usesAreKnown(_ uses: [String], _ index: Int) -> Bool {
        let missing = uses.filter { values[$0] == nil }
        guard !missing.isEmpty else { return true }
        let names = missing.map { "[[\($0)]]" }.joined(separator: ", ")
        results[index] = CheckResult(directive: steps[index].directive, status: .skipped,
                                     message: "not checked: it uses \(names), which was not captured because an earlier directive failed")
        return false
    }

    // MARK: - Recording

    private mutating func succeed(
        _ index: Int, lines matched: [Int], captured: [(Int, [String: String])], from first: Int, to lastLine: Int
    ) {
        let pattern = steps[index].pattern
        var captures: [CheckCapture] = []
        for (line, found) in captured {
            for name in pattern.defines {
                if let value = found[name] {
                    captures.append(CheckCapture(name: name, value: value, line: line + 1))
                    values[name] = value
                }
            }
        }
        captureLog.append(contentsOf: captures)
        let message = matched.count == 1 ? "matched line \(matched[0] + 1)" : "matched \(lineList(matched))"
        results[index] = CheckResult(directive: steps[index].directive, status: .passed, message: message,
                                     lines: matched.map { $0 + 1 }, captures: captures)
        resolveNots(before: first)
        nextSearchLine = lastLine + 1
    }

    private mutating func fail(
        _ index: Int, message: String, lines failedLines: [Int] = [], expectedAt: Int, pattern: CheckPattern?,
        searched: Range<Int>, excluding: Set<Int> = []
    ) {
        var note: String?
        var closestLine: Int?
        if let pattern, let wrong = wrongWriter(pattern, in: expectedAt..<max(expectedAt, lines.count)) {
            note = wrong.note
            closestLine = wrong.line
        } else if let pattern {
            let misplaced = misplacedMatch(pattern, index: index, expectedAt: expectedAt)
            note = misplaced?.note
            // A line that matches, only in the wrong place, is the closest there is.
            closestLine = misplaced?.line ?? closest(pattern, in: searched, excluding: excluding)
        }
        results[index] = CheckResult(
            directive: steps[index].directive, status: .failed, message: message,
            lines: failedLines.map { $0 + 1 }, expectedAt: expectedAt + 1,
            closest: closestLine.map { $0 + 1 }, note: note)
        stoppedBy = steps[index].directive
        for (waiting, _, _) in pendingNots {
            results[waiting] = CheckResult(directive: steps[waiting].directive, status: .skipped,
                                           message: "not checked: the directive after it failed, so its range has no end")
        }
        pendingNots.removeAll()
    }

    private mutating func skipAfterFailure(_ index: Int) {
        let by = stoppedBy.map { " (\($0.label))" } ?? ""
        results[index] = CheckResult(directive: steps[index].directive, status: .skipped,
                                     message: "not checked: an earlier directive failed\(by)")
    }

    // MARK: - Helpers

    /// The pattern with earlier captures fixed and, in a witnessed run, its
    /// `FROM` spec ready to judge writers.
    private func bind(_ pattern: CheckPattern, _ values: [String: String]) -> BoundCheckPattern {
        var bound = pattern.bound(to: values, cache: cache)
        if let spec = pattern.writer, writers != nil {
            bound.writerCheck = WriterCheck(
                spec: spec, values: values, mainPids: Set(table.main.map(\.pid)),
                names: Dictionary(table.children.map { ($0.pid, $0.name) }, uniquingKeysWith: { $1 }))
        }
        return bound
    }

    /// Who wrote line `index`, in a witnessed run.
    private func writer(at index: Int) -> Int32? {
        writers?[index] ?? nil
    }

    /// For a directive with `FROM`: a line in `range` that has the text but
    /// the wrong writer, and a note saying who wrote it.
    private func wrongWriter(_ pattern: CheckPattern, in range: Range<Int>) -> (line: Int, note: String)? {
        guard pattern.writer != nil, writers != nil else { return nil }
        let bound = bind(pattern, values)
        guard let check = bound.writerCheck,
              let index = range.first(where: { bound.match(lines[$0]) != nil && bound.match(lines[$0], writer: writer(at: $0)) == nil }),
              let captured = bound.match(lines[index]) else { return nil }
        return (index, "line \(index + 1) has that text, but it was written by \(check.describe(writer(at: index))), "
                + "not by \(check.required(captured: captured)) as `FROM \(check.spec.source)` requires")
    }

    private func first(_ bound: BoundCheckPattern, in range: Range<Int>) -> (Int, [String: String])? {
        for index in range {
            if let captured = bound.match(lines[index], writer: writer(at: index)) { return (index, captured) }
        }
        return nil
    }

    private func whereSearched(_ start: Int) -> String {
        if lines.isEmpty { return "the output is empty, so no line" }
        if start == 0 { return "no line of the output" }
        if start >= lines.count { return "line \(start) is the last line, so no line after it" }
        return "no line after line \(start)"
    }

    /// ` (PID = 4242)` for the earlier captures a pattern uses.
    private func usedValues(_ pattern: CheckPattern, _ values: [String: String]? = nil) -> String {
        let values = values ?? self.values
        guard !pattern.uses.isEmpty else { return "" }
        return " (" + pattern.uses.map { "\($0) = \(values[$0] ?? "?")" }.joined(separator: ", ") + ")"
    }

    /// When a line matching the pattern exists outside where it was looked
    /// for, that is usually the mistake (the order of the directives): that
    /// line and a note saying so.
    private func misplacedMatch(_ pattern: CheckPattern, index: Int, expectedAt: Int) -> (line: Int, note: String)? {
        let bound = bind(pattern, values)
        let kind = steps[index].directive.kind
        if kind == .next, expectedAt + 1 < lines.count,
           let later = first(bound, in: (expectedAt + 1)..<lines.count) {
            return (later.0, "line \(later.0 + 1) matches it, but it is not the line right after the previous match")
        }
        let searchStart = kind.isCount ? nextSearchLine : expectedAt
        if searchStart > 0, let earlier = first(bound, in: 0..<min(searchStart, lines.count)) {
            return (earlier.0, "line \(earlier.0 + 1) matches it, but it comes before the place the search started (line \(searchStart + 1)); directives are matched in order, and CHECK-DAG is for lines in any order")
        }
        return nil
    }

    private func closest(_ pattern: CheckPattern, in range: Range<Int>, excluding: Set<Int>) -> Int? {
        let sketch = pattern.sketch(values: values)
        guard !sketch.isEmpty, !range.isEmpty else { return nil }
        var best: (Int, Double)?
        for index in range.prefix(CheckRun.closestScanLimit) where !excluding.contains(index) && !lines[index].isEmpty {
            let score = LineSimilarity.score(sketch, lines[index])
            if score > (best?.1 ?? 0) { best = (index, score) }
        }
        guard let best, best.1 >= 0.5 else { return nil }
        return best.0
    }

    private func lineList(_ zeroBased: [Int], word: Bool = true) -> String {
        let shown = zeroBased.prefix(10).map { String($0 + 1) }
        let more = zeroBased.count > 10 ? ", … (\(zeroBased.count) in all)" : ""
        let prefix = word ? (zeroBased.count == 1 ? "line " : "lines ") : ""
        return prefix + shown.joined(separator: ", ") + more
    }
}
