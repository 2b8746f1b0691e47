import Foundation

/// Reads a pattern's text into segments: literal text, `{{regex}}`,
/// `[[NAME:regex]]` and `[[NAME]]`.
///
/// A regex part ends at the first `}}` (or `]]`) that is outside a bracket
/// expression and outside a `{m,n}` repetition, so `{{[0-9]{3}}}` and
/// `[[N:[0-9]]]` read as meant. `[[` that does not begin `[[NAME:` or
/// `[[NAME]]` is literal text (Swift prints nested arrays that way).
struct CheckPatternParser {
    /// Names captured by earlier directives of the block.
    let known: Set<String>
    /// The chapter line, for errors.
    let line: Int

    func parse(_ text: String) throws -> CheckPattern {
        let chars = Array(text)
        var segments: [CheckPattern.Segment] = []
        var literal = ""
        var groups: [String: String] = [:]
        var index = 0

        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = ""
        }

        while index < chars.count {
            if chars[index] == "{", index + 1 < chars.count, chars[index + 1] == "{" {
                flush()
                let (body, end) = try regexBody(chars, from: index + 2, closing: "}", opening: "{{")
                try validate(body, writtenAs: "{{\(body)}}")
                segments.append(.regex(body))
                index = end
                continue
            }
            if chars[index] == "[", index + 1 < chars.count, chars[index + 1] == "[",
               let (name, afterName) = captureName(chars, from: index + 2) {
                if chars[afterName] == ":" {
                    flush()
                    let (body, end) = try regexBody(chars, from: afterName + 1, closing: "]", opening: "[[\(name):")
                    guard !body.isEmpty else {
                        throw error("`[[\(name):]]` has no regex after the colon; write e.g. `[[\(name):[0-9]+]]`")
                    }
                    try validate(body, writtenAs: "[[\(name):\(body)]]")
                    guard groups[name] == nil else {
                        throw error("`\(name)` is captured twice in one pattern; use `[[\(name)]]` the second time to match the same text")
                    }
                    let group = "wbcapture\(groups.count)"
                    groups[name] = group
                    segments.append(.define(name: name, regex: body, group: group))
                    index = end
                    continue
                }
                // `]]` right after the name: a use.
                flush()
                if let group = groups[name] {
                    segments.append(.backReference(name: name, group: group))
                } else if known.contains(name) {
                    segments.append(.use(name: name))
                } else {
                    throw error("`[[\(name)]]` is used before it is captured; capture it in an earlier directive with `[[\(name):regex]]`, e.g. `[[\(name):[0-9]+]]`")
                }
                index = afterName + 2
                continue
            }
            literal.append(chars[index])
            index += 1
        }
        flush()
        do {
            return try CheckPattern(segments: segments, source: text)
        } catch {
            throw self.error("the pattern `\(text)` does not make a valid regular expression")
        }
    }

    /// A name after `[[`, when it is followed by `:` or `]]`; the index
    /// returned is that of the `:` or of the first `]`.
    private func captureName(_ chars: [Character], from start: Int) -> (String, Int)? {
        guard start < chars.count, chars[start] == "_" || (chars[start].isASCII && chars[start].isLetter) else {
            return nil
        }
        var end = start
        while end < chars.count, chars[end] == "_" || (chars[end].isASCII && (chars[end].isLetter || chars[end].isNumber)) {
            end += 1
        }
        guard end < chars.count else { return nil }
        if chars[end] == ":" { return (String(chars[start..<end]), end) }
        if chars[end] == "]", end + 1 < chars.count, chars[end + 1] == "]" { return (String(chars[start..<end]), end) }
        return nil
    }

    /// The regex text from `start` up to the closing pair, and the index after it.
    private func regexBody(
        _ chars: [Character], from start: Int, closing: Character, opening: String
    ) throws -> (String, Int) {
        var index = start
        var classDepth = 0
        var braceDepth = 0
        while index < chars.count {
            let char = chars[index]
            if char == "\\" { index += 2; continue }
            if classDepth > 0 {
                if char == "[" { classDepth += 1 }
                if char == "]" { classDepth -= 1 }
                index += 1
                continue
            }
            if char == "[" { classDepth = 1; index += 1; continue }
            if char == closing, index + 1 < chars.count, chars[index + 1] == closing, braceDepth == 0 {
                return (String(chars[start..<index]), index + 2)
            }
            if char == "{" { braceDepth += 1 }
            if char == "}", braceDepth > 0 { braceDepth -= 1 }
            index += 1
        }
        let closer = String(repeating: closing, count: 2)
        throw error("`\(opening)` is never closed: add `\(closer)` after the regex")
    }

    private func validate(_ regex: String, writtenAs written: String) throws {
        guard !regex.isEmpty else { throw error("`\(written)` is empty; put a regular expression between the braces") }
        do {
            _ = try NSRegularExpression(pattern: regex)
        } catch {
            throw self.error("`\(written)` is not a valid regular expression (check its brackets, parentheses and escapes)")
        }
    }

    private func error(_ message: String) -> CheckSyntaxError {
        CheckSyntaxError(line: line, message: message)
    }
}
