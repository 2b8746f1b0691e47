/// Renders a Markdown document as text for a terminal: paragraphs wrapped to
/// a width, lists with hanging indents, block quotes with a bar, code blocks
/// indented (and highlighted when colour is on), tables drawn with box
/// lines, and `expect` blocks shown as what the run is checked for.
///
/// With `color` off the output holds no escape codes at all and stays
/// readable: emphasis becomes `*x*`, strong `**x**`, code `` `x` ``.
/// HTML comments and inline tags are left out; HTML blocks are shown as written.
public struct TerminalRenderer: Sendable {
    /// Columns to wrap paragraphs at. A code line wider than this is folded
    /// (its continued pieces start with `↪`), never re-wrapped.
    public var width: Int
    /// Whether to use ANSI styling.
    public var color: Bool

    /// Code blocks are indented this far.
    static let codeIndent = "    "
    /// The label above the directives of an `expect` block.
    public static let expectationLabel = "The run is checked for:"

    /// Makes a renderer for `width` columns, with or without colour.
    public init(width: Int, color: Bool) {
        self.width = width
        self.color = color
    }

    /// The document as terminal text, ending with a newline (or empty for an
    /// empty document).
    public func render(_ document: MarkdownDocument) -> String {
        let lines = render(document.blocks, width: max(width, 1), tight: false, listDepth: 0)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    // MARK: Blocks

    private func render(_ blocks: [MarkdownBlock], width: Int, tight: Bool, listDepth: Int) -> [String] {
        // Deep nesting can use up the width; keep at least one column so
        // rules and wrapping still have something to work with.
        let width = max(width, 1)
        var lines: [String] = []
        for block in blocks {
            let blockLines = render(block, width: width, tight: tight, listDepth: listDepth)
            if blockLines.isEmpty { continue }
            if !lines.isEmpty && !tight { lines.append("") }
            lines += blockLines
        }
        return lines
    }

    private func render(_ block: MarkdownBlock, width: Int, tight: Bool, listDepth: Int) -> [String] {
        switch block {
        case .heading(let level, let content):
            return heading(level: level, content: content, width: width)
        case .paragraph(let content):
            return wrap(fragments(content, style: []), width: width)
        case .blockQuote(let inner):
            let bar = styled("│", .dim)
            let innerLines = render(inner, width: width - 2, tight: false, listDepth: listDepth)
            return innerLines.map { $0.isEmpty ? bar : bar + " " + $0 }
        case .list(let list):
            return render(list, width: width, listDepth: listDepth)
        case .codeBlock(let code):
            // Speaker notes are for the instructor's edition of the book.
            if code.language == "notes" { return [] }
            return code.isExpectation ? expectation(code, width: width) : codeBlock(code, width: width)
        case .thematicBreak:
            return [styled(String(repeating: "─", count: width), .dim)]
        case .htmlBlock(let html):
            if isComment(html) { return [] }
            return lines(of: html).map { styled($0, .dim) }
        case .table(let table):
            return render(table, width: width)
        }
    }

    private func heading(level: Int, content: [MarkdownInline], width: Int) -> [String] {
        var style: TextStyle = .bold
        var marker = ""
        if level == 3 { style.insert(.underline) }
        if level >= 3 && !color { marker = String(repeating: "#", count: level) + " " }
        var parts = fragments(content, style: style)
        if !marker.isEmpty { parts.insert(.text(marker, style), at: 0) }
        let lines = wrap(parts, width: width)
        guard level <= 2 else { return lines }
        let ruleWidth = min(width, lines.map(TerminalText.visibleWidth(of:)).max() ?? 0)
        let rule = String(repeating: level == 1 ? "═" : "─", count: max(ruleWidth, 1))
        return lines + [styled(rule, level == 1 ? .bold : .dim)]
    }

    private func render(_ list: MarkdownList, width: Int, listDepth: Int) -> [String] {
        let markers: [String]
        switch list.kind {
        case .bullet:
            let bullets = ["•", "◦", "▪"]
            markers = Array(repeating: bullets[listDepth % bullets.count], count: list.items.count)
        case .ordered(let start):
            let numbers = list.items.indices.map { "\(start + $0)." }
            let widest = numbers.map(\.count).max() ?? 0
            markers = numbers.map { String(repeating: " ", count: widest - $0.count) + $0 }
        }
        let markerWidth = (markers.map(TerminalText.visibleWidth(of:)).max() ?? 1) + 1
        let hanging = String(repeating: " ", count: markerWidth)

        var lines: [String] = []
        for (item, marker) in zip(list.items, markers) {
            if !lines.isEmpty && !list.isTight { lines.append("") }
            let itemLines = render(item.blocks, width: width - markerWidth, tight: list.isTight, listDepth: listDepth + 1)
            guard let first = itemLines.first else {
                lines.append(marker)
                continue
            }
            lines.append(marker + " " + first)
            lines += itemLines.dropFirst().map { $0.isEmpty ? "" : hanging + $0 }
        }
        return lines
    }

    private func codeBlock(_ code: MarkdownCodeBlock, width: Int) -> [String] {
        let highlighted: [[StyledText]]
        if color && code.language == "swift" {
            highlighted = SwiftHighlighter.highlight(code.literal)
        } else {
            highlighted = lines(of: code.literal).map { [StyledText(text: $0, style: [])] }
        }
        return highlighted.flatMap { line in
            CodeFolding.fold(line, width: width - Self.codeIndent.count).map { piece in
                let text = emit(piece)
                return text.isEmpty ? "" : Self.codeIndent + text
            }
        }
    }

    private func expectation(_ code: MarkdownCodeBlock, width: Int) -> [String] {
        let bar = styled("│", .dim)
        var lines = [styled("╭─", .dim) + " " + styled(Self.expectationLabel, .bold)]
        for line in self.lines(of: code.literal) {
            let trimmed = line.trimmingWhitespace()
            let runs: [StyledText]
            if trimmed.isEmpty {
                lines.append(bar)
                continue
            } else if trimmed.hasPrefix("#") {
                runs = [StyledText(text: line, style: .dim)]
            } else if let colon = line.firstIndex(of: ":") {
                runs = [StyledText(text: String(line[...colon]), style: .directive),
                        StyledText(text: String(line[line.index(after: colon)...]), style: [])]
            } else {
                runs = [StyledText(text: line, style: [])]
            }
            lines += CodeFolding.fold(runs, width: width - 2).map { bar + " " + emit($0) }
        }
        lines.append(styled("╰─", .dim))
        return lines
    }

    // MARK: Inlines

    func fragments(_ inlines: [MarkdownInline], style: TextStyle) -> [InlineFragment] {
        var result: [InlineFragment] = []
        for inline in inlines {
            switch inline {
            case .text(let text):
                result.append(.text(text, style))
            case .emphasis(let content):
                result += marked(content, style: style, adding: .italic, plainMarker: "*")
            case .strong(let content):
                result += marked(content, style: style, adding: .bold, plainMarker: "**")
            case .code(let code):
                result.append(.text(color ? code : "`" + code + "`", style.union(.code)))
            case .link(let url, _, let content):
                let shown = MarkdownInline.plainText(of: content)
                result += fragments(content, style: style.union(.underline))
                if !url.isEmpty && url != shown && url != "mailto:" + shown {
                    result.append(.text(" ", style))
                    result.append(.text("(" + url + ")", style.union(.dim)))
                }
            case .image(let url, _, let content):
                let description = MarkdownInline.plainText(of: content)
                let label = description.isEmpty ? "[image]" : "[image: " + description + "]"
                result.append(.text(label, style.union(.italic)))
                if !url.isEmpty {
                    result.append(.text(" ", style))
                    result.append(.text("(" + url + ")", style.union(.dim)))
                }
            case .softBreak:
                result.append(.text(" ", style))
            case .lineBreak:
                result.append(.lineBreak)
            case .html:
                // Inline tags (`<kbd>`, `<span>`) mean nothing on a terminal;
                // the text between them is ordinary text and stays.
                break
            }
        }
        return result
    }

    /// Emphasis or strong content: styled when colour is on, else between
    /// Markdown's own markers, which every reader of plain text understands.
    private func marked(_ content: [MarkdownInline], style: TextStyle, adding added: TextStyle,
                        plainMarker: String) -> [InlineFragment] {
        if color { return fragments(content, style: style.union(added)) }
        return [.text(plainMarker, style)] + fragments(content, style: style) + [.text(plainMarker, style)]
    }

    // MARK: Text

    private func wrap(_ fragments: [InlineFragment], width: Int) -> [String] {
        let wrapped = WordWrapper.wrap(fragments, width: width)
        if wrapped.allSatisfy(\.isEmpty) { return [] }
        return wrapped.map(emit)
    }

    func emit(_ runs: [StyledText]) -> String {
        runs.map { color ? $0.style.apply(to: $0.text) : $0.text }.joined()
    }

    func styled(_ text: String, _ style: TextStyle) -> String {
        color ? style.apply(to: text) : text
    }

    private func lines(of text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private func isComment(_ html: String) -> Bool {
        let trimmed = html.trimmingWhitespace()
        return trimmed.hasPrefix("<!--") && trimmed.hasSuffix("-->")
    }
}
