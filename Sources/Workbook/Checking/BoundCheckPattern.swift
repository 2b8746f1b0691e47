import Foundation

/// A pattern whose earlier captures have known values: everything that does
/// not depend on the line is worked out once, so trying it against thousands
/// of lines stays cheap.
struct BoundCheckPattern {
    let pattern: CheckPattern
    /// The whole text a line must equal, for patterns without regex parts.
    private let plainText: String?
    /// UTF-8 of the literal text every matching line starts with, contains
    /// (in order) and ends with: a cheap screen before the regex runs.
    private let prefix: [UInt8]
    private let middle: [[UInt8]]
    private let suffix: [UInt8]
    private let regex: NSRegularExpression?

    init(pattern: CheckPattern, values: [String: String], cache: CheckRegexCache) {
        self.pattern = pattern
        if pattern.isPlainText {
            plainText = CheckPattern.leadingText(pattern.segments, values: values).joined()
            prefix = []
            middle = []
            suffix = []
            regex = nil
        } else {
            plainText = nil
            let segments = pattern.segments
            let leading = CheckPattern.leadingText(segments, values: values)
            let trailing = CheckPattern.leadingText(segments.reversed(), values: values)
            prefix = Array(leading.joined().utf8)
            suffix = Array(trailing.reversed().joined().utf8)
            // Literal runs between regex parts (those not already in the prefix or suffix).
            var pieces: [[UInt8]] = []
            var run = ""
            for segment in segments.dropFirst(leading.count).dropLast(trailing.count) {
                switch segment {
                case .literal(let text): run += text
                case .use(let name): run += values[name] ?? ""
                default:
                    if !run.isEmpty { pieces.append(Array(run.utf8)) }
                    run = ""
                }
            }
            if !run.isEmpty { pieces.append(Array(run.utf8)) }
            middle = pieces
            regex = pattern.compiledRegex ?? cache.regex(CheckPattern.regexSource(pattern.segments, values: values))
        }
    }

    /// Matches a trimmed line. Returns the values the pattern captured (empty
    /// when it captures nothing), or nil when the line does not match.
    func match(_ line: String) -> [String: String]? {
        if let plainText { return line == plainText ? [:] : nil }
        if !CheckText.screen(line, prefix: prefix, middle: middle, suffix: suffix) { return nil }
        guard let regex else { return nil }
        let range = NSRange(line.startIndex..<line.endIndex, in: line)
        guard let found = regex.firstMatch(in: line, options: [], range: range) else { return nil }
        var captured: [String: String] = [:]
        for segment in pattern.segments {
            if case .define(let name, _, let group) = segment,
               let groupRange = Range(found.range(withName: group), in: line) {
                captured[name] = String(line[groupRange])
            }
        }
        return captured
    }

    /// Whether the line matches, ignoring what it would capture.
    func matches(_ line: String) -> Bool { match(line) != nil }

    /// Who must have written the line; nil when the directive says nothing
    /// of its writer or the run was not witnessed.
    var writerCheck: WriterCheck?

    /// Matches a line and, when the directive names one, its writer.
    func match(_ line: String, writer: Int32?) -> [String: String]? {
        guard let captured = match(line) else { return nil }
        if let writerCheck, !writerCheck.accepts(writer, captured: captured) { return nil }
        return captured
    }

    /// Whether the line and its writer match.
    func matches(_ line: String, writer: Int32?) -> Bool { match(line, writer: writer) != nil }
}
