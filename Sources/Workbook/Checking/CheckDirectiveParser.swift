/// Reads an `expect` block into steps, one per directive line.
enum CheckDirectiveParser {
    static let directiveList = """
        CHECK:, CHECK-NEXT:, CHECK-EMPTY:, CHECK-DAG:, CHECK-NOT:, CHECK-COUNT-<n>:, CHECK-TOTAL-<n>:, ALLOW: and TRACE: \
        (blank lines and lines starting with # are ignored)
        """

    static let fixedNames = ["CHECK", "CHECK-NEXT", "CHECK-EMPTY", "CHECK-DAG", "CHECK-NOT", "TRACE", "ALLOW"]

    static func parse(_ text: String, firstLine: Int, source: String = "chapter") throws -> [CheckStep] {
        var steps: [CheckStep] = []
        var known: Set<String> = []
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = firstLine + offset
            let trimmed = rawLine.checkTrimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw notADirective(trimmed, line: line, missingColon: true)
            }
            let name = String(trimmed[..<colon])
            let argument = trimmed[trimmed.index(after: colon)...].checkTrimmed
            let kind = try self.kind(named: name, line: line, wholeLine: trimmed)
            let directive = CheckDirective(kind: kind, line: line, argument: argument, source: source)

            switch kind {
            case .trace:
                let fact = try TraceFact(parsing: argument, line: line, known: known)
                steps.append(CheckStep(directive: directive, pattern: .emptyLine, fact: fact))
            case .empty:
                guard argument.isEmpty else {
                    throw CheckSyntaxError(line: line, message: "CHECK-EMPTY: takes no pattern (it checks that the next line is empty); found `\(argument)`")
                }
                steps.append(CheckStep(directive: directive, pattern: .emptyLine, fact: nil))
            default:
                guard !argument.isEmpty else {
                    let hint = kind == .check || kind == .next ? "; to check for an empty line use CHECK-EMPTY:" : ""
                    throw CheckSyntaxError(line: line, message: "\(kind.name): needs a pattern after the colon\(hint)")
                }
                let (patternText, writerText) = WriterSpec.split(argument)
                var pattern = try CheckPatternParser(known: known, line: line).parse(patternText)
                if let writerText {
                    pattern.writer = try WriterSpec(parsing: writerText, line: line, available: known.union(pattern.defines))
                }
                if !pattern.defines.isEmpty, kind == .allow {
                    throw CheckSyntaxError(line: line, message: "ALLOW: cannot capture `[[\(pattern.defines[0]):...]]`: it allows lines anywhere, so there is no one value to keep")
                }
                if !pattern.defines.isEmpty, kind == .not || kind.isTotal {
                    let why = kind == .not ? "it matches nothing, so it has nothing to capture"
                        : "it counts lines all over the output, so there is no one value to keep"
                    throw CheckSyntaxError(line: line, message: "\(kind.name): cannot capture `[[\(pattern.defines[0]):...]]`: \(why)")
                }
                known.formUnion(pattern.defines)
                steps.append(CheckStep(directive: directive, pattern: pattern, fact: nil))
            }
        }
        guard !steps.isEmpty else {
            throw CheckSyntaxError(line: firstLine, message: "the expect block has no directives; write at least one of \(directiveList)")
        }
        try rejectNotBeforeNext(steps)
        return steps
    }

    private static func kind(named name: String, line: Int, wholeLine: String) throws -> CheckDirective.Kind {
        switch name {
        case "CHECK": return .check
        case "CHECK-NEXT": return .next
        case "CHECK-EMPTY": return .empty
        case "CHECK-DAG": return .dag
        case "CHECK-NOT": return .not
        case "TRACE": return .trace
        case "ALLOW": return .allow
        default: break
        }
        for (prefix, smallest) in [("CHECK-COUNT-", 1), ("CHECK-TOTAL-", 0)] where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count)
            let family = String(prefix.dropLast())
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int(digits) else {
                throw CheckSyntaxError(line: line, message: "`\(name):` needs a whole number after `\(prefix)`, e.g. `\(family)-3:`")
            }
            if count < smallest {
                throw CheckSyntaxError(line: line, message: "CHECK-COUNT-0 would check nothing; to say no line matches, use CHECK-NOT: (between two matches) or CHECK-TOTAL-0: (in the whole output)")
            }
            return prefix == "CHECK-COUNT-" ? .count(count) : .total(count)
        }
        throw notADirective(wholeLine, line: line, missingColon: false)
    }

    private static func notADirective(_ text: String, line: Int, missingColon: Bool) -> CheckSyntaxError {
        let firstWord = String(text.prefix { $0 != ":" && !$0.isWhitespace })
        let upper = firstWord.uppercased()
        var message = "`\(text)` is not a directive."
        if missingColon, fixedNames.contains(firstWord) || firstWord.hasPrefix("CHECK-COUNT-") || firstWord.hasPrefix("CHECK-TOTAL-") {
            message = "`\(text)`: put a colon after \(firstWord), as in `\(firstWord): ...`."
        } else if firstWord != upper, fixedNames.contains(upper) || upper.hasPrefix("CHECK-COUNT-") || upper.hasPrefix("CHECK-TOTAL-") {
            message += " Directives are written in capitals: \(upper):"
        } else if let guess = closestName(to: upper) {
            message += " Did you mean \(guess):?"
        }
        return CheckSyntaxError(line: line, message: message + " Each line of an expect block is one of " + directiveList + ".")
    }

    private static func closestName(to word: String) -> String? {
        guard word.count >= 3 else { return nil }
        let candidates = fixedNames + ["CHECK-COUNT-", "CHECK-TOTAL-"]
        let scored = candidates.map { ($0, LineSimilarity.score(word, $0)) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 0.5 else { return nil }
        return best.0.hasSuffix("-") ? best.0 + "N" : best.0
    }

    /// A CHECK-NOT right before CHECK-NEXT or CHECK-EMPTY covers no lines at
    /// all, so it could never fail; say so instead of passing silently.
    private static func rejectNotBeforeNext(_ steps: [CheckStep]) throws {
        var pendingNot: CheckDirective?
        for step in steps {
            switch step.directive.kind {
            case .not:
                if pendingNot == nil { pendingNot = step.directive }
            case .next, .empty:
                if let not = pendingNot {
                    throw CheckSyntaxError(line: not.line, message: "CHECK-NOT: right before \(step.directive.kind.name): (chapter line \(step.directive.line)) can never fail: no line lies between a match and the line right after it. Put the CHECK-NOT: before a CHECK: or CHECK-DAG:, or at the end.")
                }
            case .check, .dag, .count:
                pendingNot = nil
            case .total, .trace, .allow:
                break
            }
        }
    }
}

extension CheckDirective.Kind {
    var isTotal: Bool { if case .total = self { return true } else { return false } }
    var isCount: Bool { if case .count = self { return true } else { return false } }
}
