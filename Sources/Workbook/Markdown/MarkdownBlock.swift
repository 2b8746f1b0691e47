/// A block-level element of a Markdown document, as libcmark parsed it.
public enum MarkdownBlock: Equatable, Sendable {
    /// A heading of `level` 1 through 6.
    case heading(level: Int, content: [MarkdownInline])
    /// A paragraph of inline content.
    case paragraph([MarkdownInline])
    /// A block quote holding further blocks.
    case blockQuote([MarkdownBlock])
    /// A bullet or ordered list.
    case list(MarkdownList)
    /// A fenced or indented code block.
    case codeBlock(MarkdownCodeBlock)
    /// A thematic break (`---`, `***`).
    case thematicBreak
    /// Raw HTML written as a block, kept verbatim.
    case htmlBlock(String)
    /// A pipe table (recognised by the workbook, not by libcmark).
    case table(MarkdownTable)
}

/// A bullet or ordered list and its items.
public struct MarkdownList: Equatable, Sendable {
    /// Whether the items are bulleted or numbered.
    public enum Kind: Equatable, Sendable {
        /// Items marked with `-`, `*` or `+`.
        case bullet
        /// Items numbered from `start`.
        case ordered(start: Int)
    }

    /// Bulleted or numbered.
    public var kind: Kind
    /// A tight list has no blank lines between its items, so its paragraphs
    /// are shown without space around them.
    public var isTight: Bool
    /// The items, in order.
    public var items: [MarkdownListItem]

    /// Makes a list from its parts.
    public init(kind: Kind, isTight: Bool, items: [MarkdownListItem]) {
        self.kind = kind
        self.isTight = isTight
        self.items = items
    }
}

/// One item of a list: the blocks it holds.
public struct MarkdownListItem: Equatable, Sendable {
    /// The item's blocks (usually one paragraph, perhaps a nested list).
    public var blocks: [MarkdownBlock]

    /// Makes an item holding `blocks`.
    public init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }
}

/// A code block: its info string, its text and where it sits in the source.
public struct MarkdownCodeBlock: Equatable, Sendable {
    /// The whole info string of a fenced block (`swift include=letters`);
    /// empty for an indented block.
    public var info: String
    /// The code, each line ending with a newline, as libcmark gives it.
    public var literal: String
    /// The 1-based source line of the block's first line (the opening fence
    /// of a fenced block).
    public var startLine: Int
    /// The 1-based source line of the block's last line (the closing fence,
    /// when there is one).
    public var endLine: Int

    /// Makes a code block from its parts.
    public init(info: String, literal: String, startLine: Int = 0, endLine: Int = 0) {
        self.info = info
        self.literal = literal
        self.startLine = startLine
        self.endLine = endLine
    }

    /// The first word of the info string, the block's language (`swift`,
    /// `expect`), or an empty string.
    public var language: String {
        infoWords.first ?? ""
    }

    /// The info string split on whitespace.
    public var infoWords: [String] {
        info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// True for an `expect` block, which holds check directives rather than code.
    public var isExpectation: Bool {
        language == "expect"
    }
}
