import Foundation

/// The `key: value` lines between the two `---` lines at the top of a
/// chapter.md.
struct FrontMatter {
    static let knownKeys = ["title", "goal", "minutes", "timeout", "strict"]

    var title: String
    var goals: [String] = []
    var minutes: Int?
    var timeout: Double?
    /// `strict: true` or `strict: false`, when the front matter says.
    var strictSetting: Bool?
    /// Strict mode for a chapter: on unless `strict: false`.
    var strict: Bool { strictSetting ?? true }
    /// Values of the keys the caller added (`extraKeys`), in order, each with
    /// its line in the file.
    var extras: [String: [(value: String, line: Int)]] = [:]
    /// The chapter's text after the closing `---`.
    var body: String
    /// How many lines of chapter.md come before the body, so that body line
    /// `n` is chapter.md line `n + bodyLineOffset`.
    var bodyLineOffset: Int

    /// Splits `text` (chapter.md's contents, read from `file`) into front
    /// matter and body.
    /// - Parameters:
    ///   - extraKeys: keys allowed besides the chapter's (an exercise's
    ///     `hint`, `inputs`, ...), collected into ``extras``.
    ///   - repeatable: the keys, like `goal`, that may appear more than once.
    init(parsing text: String, file: URL, extraKeys: Set<String> = [], repeatable: Set<String> = []) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") {
            lines[0] = String(first.dropFirst())
        }
        guard lines.first?.trimmingWhitespace() == "---" else {
            throw ChapterError.missingFrontMatter(file)
        }
        guard let closing = lines.indices.dropFirst().first(where: { lines[$0].trimmingWhitespace() == "---" }) else {
            throw ChapterError.unclosedFrontMatter(file)
        }

        var title: String?
        var seen: Set<String> = []
        var goals: [String] = []
        var minutes: Int?
        var timeout: Double?
        var strict: Bool?
        for index in 1..<closing {
            let lineNumber = index + 1
            let line = lines[index].trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ChapterError.malformedFrontMatterLine(file, line: lineNumber, text: line)
            }
            let key = String(line[..<colon]).trimmingWhitespace()
            let value = Self.unquoted(String(line[line.index(after: colon)...]).trimmingWhitespace())
            guard Self.knownKeys.contains(key) || extraKeys.contains(key) else {
                throw ChapterError.unknownFrontMatterKey(file, line: lineNumber, key: key)
            }
            if key != "goal" && !repeatable.contains(key) {
                guard seen.insert(key).inserted else {
                    throw ChapterError.duplicateFrontMatterKey(file, line: lineNumber, key: key)
                }
            }
            guard !value.isEmpty else {
                throw ChapterError.emptyFrontMatterValue(file, line: lineNumber, key: key)
            }
            switch key {
            case _ where extraKeys.contains(key):
                extras[key, default: []].append((value, lineNumber))
            case "title":
                title = value
            case "goal":
                goals.append(value)
            case "minutes":
                guard let number = Int(value), number > 0 else {
                    throw ChapterError.badNumber(file, line: lineNumber, key: key, value: value)
                }
                minutes = number
            case "strict":
                guard let flag = Bool(value) else {
                    throw ChapterError.badNumber(file, line: lineNumber, key: key, value: value)
                }
                strict = flag
            default:
                guard let number = Double(value), number > 0, number <= Chapter.longestTimeout else {
                    throw ChapterError.badNumber(file, line: lineNumber, key: key, value: value)
                }
                timeout = number
            }
        }
        guard let title else { throw ChapterError.missingTitle(file) }

        self.title = title
        self.goals = goals
        self.minutes = minutes
        self.timeout = timeout
        self.strictSetting = strict
        self.body = lines[(closing + 1)...].joined(separator: "\n")
        self.bodyLineOffset = closing + 1
    }

    /// `"x"` or `'x'` without its quotes, for authors used to YAML.
    private static func unquoted(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }
}
