import Foundation

/// A pattern whose earlier captures have known values: everything that does
/// not depend on the line is worked out once, so trying it against thousands
/// of lines stays cheap.
struct BoundCheckPattern {
    let pattern: CheckPattern
    /// The whole text a line must equal, for patterns without regex parts.
    private let plainText: String?
    /// Literal text every matching line starts with.
    private let prefix: [Unicode.Scalar]
    /// Literal text every matching line ends with, reversed.
    private let reversedSuffix: [Unicode.Scalar]
    private let regex: NSRegularExpression?

    init(pattern: CheckPattern, values: [String: String], cache: CheckRegexCache) {
        self.pattern = pattern
        if pattern.isPlainText {
            plainText = CheckPattern.leadingText(pattern.segments, values: values).joined()
            prefix = []
            reversedSuffix = []
            regex = nil
        } else {
            plainText = nil
            prefix = Array(CheckPattern.leadingText(pattern.segments, values: values).joined().unicodeScalars)
            let trailing = CheckPattern.leadingText(pattern.segments.reversed(), values: values).reversed().joined()
            reversedSuffix = Array(trailing.unicodeScalars.reversed())
            regex = pattern.compiledRegex ?? cache.regex(CheckPattern.regexSource(pattern.segments, values: values))
        }
    }

    /// Matches a trimmed line. Returns the values the pattern captured (empty
    /// when it captures nothing), or nil when the line does not match.
    func match(_ line: String) -> [String: String]? {
        if let plainText { return line == plainText ? [:] : nil }
        if !prefix.isEmpty, !line.unicodeScalars.starts(with: prefix) { return nil }
        if !reversedSuffix.isEmpty, !line.unicodeScalars.reversed().starts(with: reversedSuffix) { return nil }
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
}
