import Foundation

/// One chapter of the workbook: a `Lessons/NN-slug/` folder holding
/// `chapter.md` and the `Example/` it runs.
public struct Chapter: Equatable, Sendable {
    /// A run may take this many seconds when the chapter does not say.
    public static let defaultTimeout: Double = 120
    /// The longest timeout a chapter or `--timeout` may ask for: a day.
    public static let longestTimeout: Double = 86_400

    /// The chapter's number, from its folder name (`02-processes` is 2).
    public let number: Int
    /// The chapter's short name, from its folder name (`processes`).
    public let slug: String
    /// The chapter's folder.
    public let folder: URL
    /// The title from the front matter.
    public let title: String
    /// The learning goals from the front matter, in order.
    public let goals: [String]
    /// Estimated minutes to read and run the chapter, if given.
    public let minutes: Int?
    /// Seconds a run of the example may take, if the chapter sets it; see
    /// ``runTimeout``.
    public let timeout: Double?
    /// Strict mode (on unless the front matter says `strict: false`): every
    /// non-blank line of the output must be matched by some directive of
    /// the chapter, or allowed by an `ALLOW:` line.
    public let strict: Bool
    /// The chapter's Markdown after the front matter, with every
    /// `include=` block filled from the example's sources.
    public let body: String
    /// The chapter's `expect` blocks, in order.
    public let expectations: [ExpectationBlock]

    /// The folder name, `NN-slug`.
    public var name: String { folder.lastPathComponent }
    /// The SwiftPM executable target of the example (`lesson-02-processes`).
    public var targetName: String { "lesson-" + name }
    /// The chapter's Markdown file.
    public var chapterFile: URL { folder.appendingPathComponent("chapter.md") }
    /// The folder of the example's sources.
    public var exampleFolder: URL { folder.appendingPathComponent("Example") }
    /// The timeout to use for a run: the chapter's own, else ``defaultTimeout``.
    public var runTimeout: Double { timeout ?? Self.defaultTimeout }
    /// ``body`` parsed, ready to render.
    public var document: MarkdownDocument { MarkdownDocument(parsing: body) }

    /// Reads the chapter in `folder`, whose name must be `NN-slug`.
    public init(folder: URL) throws {
        guard let (number, slug) = Self.parseFolderName(folder.lastPathComponent) else {
            throw ChapterError.badFolderName(folder)
        }
        try self.init(number: number, slug: slug, folder: folder)
    }

    init(number: Int, slug: String, folder: URL) throws {
        let file = folder.appendingPathComponent("chapter.md")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ChapterError.missingChapterFile(folder)
        }
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw ChapterError.unreadableChapterFile(file, reason: "it is not UTF-8 text or is not readable")
        }
        let frontMatter = try FrontMatter(parsing: text.replacingOccurrences(of: "\r\n", with: "\n"), file: file)

        var isFolder: ObjCBool = false
        let example = folder.appendingPathComponent("Example")
        guard FileManager.default.fileExists(atPath: example.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ChapterError.missingExampleFolder(folder)
        }

        let chapterName = folder.lastPathComponent
        let document = MarkdownDocument(parsing: frontMatter.body)
        let offset = frontMatter.bodyLineOffset
        let codeBlocks = document.codeBlocks

        self.number = number
        self.slug = slug
        self.folder = folder
        self.title = frontMatter.title
        self.goals = frontMatter.goals
        self.minutes = frontMatter.minutes
        self.timeout = frontMatter.timeout
        self.strict = frontMatter.strict
        self.expectations = codeBlocks.filter(\.isExpectation).map {
            ExpectationBlock(text: $0.literal, line: $0.startLine + 1 + offset)
        }
        self.body = try IncludeResolver.resolve(
            body: frontMatter.body, codeBlocks: codeBlocks, lineOffset: offset,
            chapter: chapterName, exampleFolder: example)
    }

    /// `02-processes` as (2, "processes"); nil for names not of that form.
    static func parseFolderName(_ name: String) -> (Int, String)? {
        let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let rest = name.dropFirst(digits.count)
        guard rest.first == "-" else { return nil }
        let slug = rest.dropFirst()
        let allowed = slug.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
        guard !slug.isEmpty, allowed else { return nil }
        return (number, String(slug))
    }
}
