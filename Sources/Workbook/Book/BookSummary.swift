import Foundation

/// The order of the book's pages, from `book/SUMMARY.md`: sections (`#`
/// headings), pages (`- [Title](file.md)`, relative to `book/`), and the
/// placeholders `{{course}}` (every chapter, each followed by its exercises)
/// and `{{solutions}}` (the reference solutions). A section whose heading
/// names instructors is in the instructor's edition only.
public struct BookSummary: Sendable {
    /// One entry of the summary.
    public enum Entry: Sendable, Equatable {
        case page(title: String, file: URL)
        case course
        case solutions
    }

    /// A titled group of entries.
    public struct Section: Sendable {
        public var title: String
        public var instructorOnly: Bool
        public var entries: [Entry]
    }

    public var sections: [Section]

    /// Reads `SUMMARY.md` in `folder`.
    public init(folder: URL) throws {
        let file = folder.appendingPathComponent("SUMMARY.md")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw BookError.missingSummary(file.path)
        }
        var sections: [Section] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("# ") {
                let title = String(line.dropFirst(2))
                if title == "Summary" { continue }
                sections.append(Section(title: title, instructorOnly: title.lowercased().contains("instructor"), entries: []))
            } else if line == "{{course}}" || line == "{{solutions}}" || line.hasPrefix("- [") {
                guard !sections.isEmpty else { throw BookError.badSummaryLine(file.path, line: number + 1, text: line) }
                if line == "{{course}}" {
                    sections[sections.count - 1].entries.append(.course)
                } else if line == "{{solutions}}" {
                    sections[sections.count - 1].entries.append(.solutions)
                } else {
                    guard let close = line.range(of: "]("), line.hasSuffix(")") else {
                        throw BookError.badSummaryLine(file.path, line: number + 1, text: line)
                    }
                    let title = String(line[line.index(line.startIndex, offsetBy: 3)..<close.lowerBound])
                    let path = String(line[close.upperBound..<line.index(before: line.endIndex)])
                    let page = folder.appendingPathComponent(path).standardizedFileURL
                    guard FileManager.default.fileExists(atPath: page.path) else {
                        throw BookError.missingPage(file.path, line: number + 1, path: path)
                    }
                    sections[sections.count - 1].entries.append(.page(title: title, file: page))
                }
            }
        }
        self.sections = sections
    }
}

/// What keeps the book from being built.
public enum BookError: Error, CustomStringConvertible, Equatable {
    case missingSummary(String)
    case badSummaryLine(String, line: Int, text: String)
    case missingPage(String, line: Int, path: String)

    public var description: String {
        switch self {
        case .missingSummary(let path):
            return "\(path) is missing: the book's order of pages is written there"
        case .badSummaryLine(let path, let line, let text):
            return "\(path):\(line): \"\(text)\" is not a page (- [Title](file.md)), {{course}} or {{solutions}} under a # heading"
        case .missingPage(let path, let line, let page):
            return "\(path):\(line): the page \(page) does not exist"
        }
    }
}
