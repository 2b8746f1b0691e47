import Foundation

/// A parsed CHECK pattern: literal text, `{{regex}}`, `[[NAME:regex]]`
/// captures and `[[NAME]]` uses. It matches a whole, trimmed output line.
struct CheckPattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case regex(String)
        /// A capture made by this pattern, held in the regex group `group`.
        case define(name: String, regex: String, group: String)
        /// A capture made by an earlier directive, matched literally.
        case use(name: String)
        /// A capture made earlier in this same pattern: a backreference.
        case backReference(name: String, group: String)
    }

    /// The pattern as written (trimmed), without its `FROM` part.
    let source: String
    /// Who must have written the line (`FROM ...`), if the directive says.
    var writer: WriterSpec?
    let segments: [Segment]
    /// Names this pattern captures, in order.
    let defines: [String]
    /// Names of earlier captures this pattern uses, in order, without repeats.
    let uses: [String]
    /// The regex, compiled once, when the pattern needs one and uses no
    /// earlier capture (whose value is only known while matching).
    private let compiled: NSRegularExpression?

    /// The pattern that matches an empty (or all-whitespace) line.
    static let emptyLine = CheckPattern(plainSegments: [], source: "")

    private init(plainSegments: [Segment], source: String) {
        self.source = source
        self.segments = plainSegments
        defines = []
        uses = []
        compiled = nil
    }

    /// Whether a plain string comparison decides a match.
    var isPlainText: Bool {
        segments.allSatisfy {
            if case .literal = $0 { return true }
            if case .use = $0 { return true }
            return false
        }
    }

    init(segments: [Segment], source: String) throws {
        self.source = source
        self.segments = segments
        var defines: [String] = []
        var uses: [String] = []
        for segment in segments {
            switch segment {
            case .define(let name, _, _): defines.append(name)
            case .use(let name): if !uses.contains(name) { uses.append(name) }
            default: break
            }
        }
        self.defines = defines
        self.uses = uses
        let needsRegex = !segments.allSatisfy {
            if case .literal = $0 { return true }
            if case .use = $0 { return true }
            return false
        }
        if needsRegex {
            // Earlier captures are literal text: any stand-in checks the rest.
            let standIn = Dictionary(uniqueKeysWithValues: uses.map { ($0, "0") })
            let regex = try NSRegularExpression(pattern: CheckPattern.regexSource(segments, values: standIn), options: [.dotMatchesLineSeparators])
            compiled = uses.isEmpty ? regex : nil
        } else {
            compiled = nil
        }
    }

    /// The pattern with the values of earlier captures fixed, ready to be
    /// tried against many lines.
    func bound(to values: [String: String], cache: CheckRegexCache) -> BoundCheckPattern {
        BoundCheckPattern(pattern: self, values: values, cache: cache)
    }

    /// The literal text (with earlier captures filled in) that the segments
    /// begin with, up to the first regex part.
    static func leadingText<S: Sequence<Segment>>(_ run: S, values: [String: String]) -> [String] {
        var parts: [String] = []
        for segment in run {
            switch segment {
            case .literal(let literal): parts.append(literal)
            case .use(let name): parts.append(values[name] ?? "")
            default: return parts
            }
        }
        return parts
    }

    var compiledRegex: NSRegularExpression? { compiled }

    /// The pattern's literal text with earlier captures filled in; regex parts
    /// are left out. Used to find the output line closest to a failed pattern.
    func sketch(values: [String: String]) -> String {
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += literal
            case .use(let name): text += values[name] ?? ""
            default: break
            }
        }
        return text
    }

    /// The pattern as written with `[[NAME]]` uses replaced by their values.
    func filledIn(values: [String: String]) -> String {
        guard !uses.isEmpty else { return source }
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += literal
            case .regex(let regex): text += "{{\(regex)}}"
            case .define(let name, let regex, _): text += "[[\(name):\(regex)]]"
            case .use(let name): text += values[name] ?? "[[\(name)]]"
            case .backReference(let name, _): text += "[[\(name)]]"
            }
        }
        return text
    }

    static func regexSource(_ segments: [Segment], values: [String: String]) -> String {
        var source = "\\A"
        for segment in segments {
            switch segment {
            case .literal(let literal): source += escape(literal)
            case .regex(let regex): source += "(?:\(regex))"
            case .define(_, let regex, let group): source += "(?<\(group)>(?:\(regex)))"
            case .use(let name): source += escape(values[name] ?? "")
            case .backReference(_, let group): source += "\\k<\(group)>"
            }
        }
        return source + "\\z"
    }

    /// Escapes the characters that mean something in a regular expression.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

/// Regexes compiled while matching, for patterns whose text depends on
/// earlier captures. One cache lives for one check run.
final class CheckRegexCache {
    private var compiled: [String: NSRegularExpression] = [:]

    func regex(_ source: String) -> NSRegularExpression? {
        if let regex = compiled[source] { return regex }
        guard let regex = try? NSRegularExpression(pattern: source, options: [.dotMatchesLineSeparators]) else { return nil }
        if compiled.count > 1000 { compiled.removeAll() }
        compiled[source] = regex
        return regex
    }
}
