import CCmark

/// A Markdown document parsed by libcmark (CommonMark) into Swift values.
///
/// The C node tree lives only while the document is being converted; what
/// is kept is a plain value tree of ``MarkdownBlock`` and ``MarkdownInline``.
public struct MarkdownDocument: Equatable, Sendable {
    /// The document's top-level blocks, in order.
    public var blocks: [MarkdownBlock]

    /// Makes a document from blocks already built.
    public init(blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }

    /// Parses `text` as CommonMark. Any text is a valid document, so this
    /// cannot fail; invalid UTF-8 has already been repaired by `String`.
    public init(parsing text: String) {
        let root: OpaquePointer? = text.withCString { pointer in
            cmark_parse_document(pointer, text.utf8.count, CMARK_OPT_DEFAULT)
        }
        guard let root else {
            // libcmark returns NULL only when it cannot allocate memory.
            self.blocks = []
            return
        }
        defer { cmark_node_free(root) }
        self.blocks = MarkdownTreeConverter.blocks(of: root, source: SourceLines(text))
    }

    /// Every code block of the document, nested ones included, in source order.
    public var codeBlocks: [MarkdownCodeBlock] {
        var found: [MarkdownCodeBlock] = []
        func visit(_ blocks: [MarkdownBlock]) {
            for block in blocks {
                switch block {
                case .codeBlock(let code):
                    found.append(code)
                case .blockQuote(let inner):
                    visit(inner)
                case .list(let list):
                    for item in list.items { visit(item.blocks) }
                case .heading, .paragraph, .thematicBreak, .htmlBlock, .table:
                    break
                }
            }
        }
        visit(blocks)
        return found
    }
}

/// Turns libcmark's node tree into Swift values, walking it with libcmark's
/// iterator rather than recursion so deeply nested input cannot exhaust the
/// stack. With the `source` text at hand, paragraphs that are pipe tables
/// become ``MarkdownBlock/table(_:)``.
enum MarkdownTreeConverter {
    /// What has been collected for one open container node.
    private struct Frame {
        let node: OpaquePointer
        var blocks: [MarkdownBlock] = []
        var inlines: [MarkdownInline] = []
        var items: [MarkdownListItem] = []
    }

    static func blocks(of root: OpaquePointer, source: SourceLines?) -> [MarkdownBlock] {
        guard let iterator = cmark_iter_new(root) else { return [] }
        defer { cmark_iter_free(iterator) }

        var stack: [Frame] = []
        var documentBlocks: [MarkdownBlock] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            if event == CMARK_EVENT_ENTER {
                if isContainer(node) {
                    stack.append(Frame(node: node))
                } else if !stack.isEmpty {
                    addLeaf(node, to: &stack[stack.count - 1])
                }
            } else if event == CMARK_EVENT_EXIT, let frame = stack.popLast() {
                if stack.isEmpty {
                    documentBlocks = frame.blocks
                } else {
                    close(frame, into: &stack[stack.count - 1], source: source)
                }
            }
        }
        return documentBlocks
    }

    private static func isContainer(_ node: OpaquePointer) -> Bool {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_DOCUMENT, CMARK_NODE_BLOCK_QUOTE, CMARK_NODE_LIST, CMARK_NODE_ITEM,
             CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING, CMARK_NODE_CUSTOM_BLOCK,
             CMARK_NODE_EMPH, CMARK_NODE_STRONG, CMARK_NODE_LINK, CMARK_NODE_IMAGE,
             CMARK_NODE_CUSTOM_INLINE:
            return true
        default:
            return false
        }
    }

    private static func addLeaf(_ node: OpaquePointer, to frame: inout Frame) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT:
            let text = literal(of: node)
            // libcmark splits text at characters that might have opened markup;
            // joining the pieces again keeps the tree simple to compare and render.
            if case .text(let previous)? = frame.inlines.last {
                frame.inlines[frame.inlines.count - 1] = .text(previous + text)
            } else {
                frame.inlines.append(.text(text))
            }
        case CMARK_NODE_CODE:
            frame.inlines.append(.code(literal(of: node)))
        case CMARK_NODE_SOFTBREAK:
            frame.inlines.append(.softBreak)
        case CMARK_NODE_LINEBREAK:
            frame.inlines.append(.lineBreak)
        case CMARK_NODE_HTML_INLINE:
            frame.inlines.append(.html(literal(of: node)))
        case CMARK_NODE_CODE_BLOCK:
            let info = string(cmark_node_get_fence_info(node))
            let code = MarkdownCodeBlock(
                info: info.trimmingWhitespace(),
                literal: literal(of: node),
                startLine: Int(cmark_node_get_start_line(node)),
                endLine: Int(cmark_node_get_end_line(node))
            )
            frame.blocks.append(.codeBlock(code))
        case CMARK_NODE_THEMATIC_BREAK:
            frame.blocks.append(.thematicBreak)
        case CMARK_NODE_HTML_BLOCK:
            frame.blocks.append(.htmlBlock(literal(of: node)))
        default:
            break
        }
    }

    private static func close(_ frame: Frame, into parent: inout Frame, source: SourceLines?) {
        let node = frame.node
        switch cmark_node_get_type(node) {
        case CMARK_NODE_BLOCK_QUOTE:
            parent.blocks.append(.blockQuote(frame.blocks))
        case CMARK_NODE_LIST:
            let kind: MarkdownList.Kind = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                ? .ordered(start: Int(cmark_node_get_list_start(node)))
                : .bullet
            let list = MarkdownList(kind: kind, isTight: cmark_node_get_list_tight(node) != 0, items: frame.items)
            parent.blocks.append(.list(list))
        case CMARK_NODE_ITEM:
            parent.items.append(MarkdownListItem(blocks: frame.blocks))
        case CMARK_NODE_PARAGRAPH:
            if let table = table(in: node, source: source) {
                parent.blocks.append(.table(table))
            } else {
                parent.blocks.append(.paragraph(frame.inlines))
            }
        case CMARK_NODE_HEADING:
            parent.blocks.append(.heading(level: Int(cmark_node_get_heading_level(node)), content: frame.inlines))
        case CMARK_NODE_EMPH:
            parent.inlines.append(.emphasis(frame.inlines))
        case CMARK_NODE_STRONG:
            parent.inlines.append(.strong(frame.inlines))
        case CMARK_NODE_LINK:
            parent.inlines.append(.link(
                url: string(cmark_node_get_url(node)),
                title: string(cmark_node_get_title(node)),
                content: frame.inlines))
        case CMARK_NODE_IMAGE:
            parent.inlines.append(.image(
                url: string(cmark_node_get_url(node)),
                title: string(cmark_node_get_title(node)),
                content: frame.inlines))
        default:
            // Custom nodes never come out of the parser; keep their children.
            parent.blocks += frame.blocks
            parent.inlines += frame.inlines
        }
    }

    /// The pipe table a paragraph's source lines hold, if they hold one.
    private static func table(in paragraph: OpaquePointer, source: SourceLines?) -> MarkdownTable? {
        guard let source else { return nil }
        let first = Int(cmark_node_get_start_line(paragraph))
        let last = Int(cmark_node_get_end_line(paragraph))
        // Only the first line's start column is known; it skips list markers.
        let column = Int(cmark_node_get_start_column(paragraph))
        guard first >= 1, last > first, last <= source.count else { return nil }
        var lines = [source.line(first, fromColumn: column)]
        for number in (first + 1)...last { lines.append(source.line(number)) }
        return MarkdownTableParser.table(fromParagraphLines: lines)
    }

    private static func literal(of node: OpaquePointer) -> String {
        string(cmark_node_get_literal(node))
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}

/// A document's source split into lines the way libcmark numbers them
/// (after `\n`, `\r\n` or a lone `\r`).
struct SourceLines {
    private var lines: [[UInt8]] = []

    init(_ text: String) {
        var current: [UInt8] = []
        var afterCarriageReturn = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") && afterCarriageReturn {
                afterCarriageReturn = false
                continue
            }
            afterCarriageReturn = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        lines.append(current)
    }

    /// The number of lines.
    var count: Int {
        lines.count
    }

    /// Line `number` (1-based) from the 1-based byte column `column` on;
    /// empty when there is no such line.
    func line(_ number: Int, fromColumn column: Int = 1) -> String {
        guard lines.indices.contains(number - 1) else { return "" }
        let bytes = lines[number - 1]
        return String(decoding: bytes.dropFirst(max(column - 1, 0)), as: UTF8.self)
    }
}

extension String {
    /// The string without spaces, tabs and newlines at either end.
    func trimmingWhitespace() -> String {
        var characters = Substring(self)
        while let first = characters.first, first.isWhitespace { characters.removeFirst() }
        while let last = characters.last, last.isWhitespace { characters.removeLast() }
        return String(characters)
    }
}
