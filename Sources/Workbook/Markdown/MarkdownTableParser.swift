import CCmark

/// Recognises pipe tables in the source lines of a paragraph and parses
/// their cells.
///
/// A paragraph is a table when every one of its lines, once the container
/// prefix (block quote markers, list indentation) is removed, starts with
/// `|`, and its second line is a delimiter row (`|---|:---:|---:|`) with as
/// many cells as the first. Anything else stays a paragraph, exactly as
/// libcmark parsed it.
enum MarkdownTableParser {
    /// The table written in `lines`, the paragraph's source lines with the
    /// first one already starting at the paragraph's content; nil when they
    /// are not a table.
    static func table(fromParagraphLines lines: [String]) -> MarkdownTable? {
        guard lines.count >= 2 else { return nil }
        var rows: [String] = []
        for (index, line) in lines.enumerated() {
            guard let row = rowText(line, isFirst: index == 0) else { return nil }
            rows.append(row)
        }
        let header = cells(of: rows[0])
        guard let alignments = delimiterRow(cells(of: rows[1])), alignments.count == header.count else {
            return nil
        }
        return MarkdownTable(
            header: header.map(inlines(ofCell:)),
            alignments: alignments,
            rows: rows.dropFirst(2).map { cells(of: $0).map(inlines(ofCell:)) })
    }

    /// The line from its first `|` on, or nil when something other than
    /// container prefix comes before it. The first line already starts at
    /// the paragraph's content, so only whitespace may come before its `|`.
    private static func rowText(_ line: String, isFirst: Bool) -> String? {
        guard let pipe = line.firstIndex(of: "|") else { return nil }
        let prefix = line[..<pipe]
        let allowed: (Character) -> Bool = isFirst
            ? { $0 == " " || $0 == "\t" }
            : { $0 == " " || $0 == "\t" || $0 == ">" }
        guard prefix.allSatisfy(allowed) else { return nil }
        return String(line[pipe...])
    }

    /// The raw text of a row's cells, trimmed. The row starts with `|`; a
    /// final `|` is optional. `\|` is a pipe inside a cell (even inside a
    /// code span) and loses its backslash; other backslash escapes are kept
    /// for libcmark to read.
    static func cells(of row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var afterPipe = false
        var characters = row.makeIterator()
        // The leading pipe opens the first cell.
        _ = characters.next()
        while let character = characters.next() {
            if character == "\\" {
                guard let escaped = characters.next() else {
                    current.append(character)
                    break
                }
                if escaped != "|" { current.append(character) }
                current.append(escaped)
                afterPipe = false
            } else if character == "|" {
                cells.append(current.trimmingWhitespace())
                current = ""
                afterPipe = true
            } else {
                current.append(character)
                if !character.isWhitespace { afterPipe = false }
            }
        }
        // Text after the last pipe is a cell unless it is only whitespace
        // after a closing pipe.
        if !(afterPipe && current.trimmingWhitespace().isEmpty) {
            cells.append(current.trimmingWhitespace())
        }
        return cells
    }

    /// The alignments a delimiter row sets, or nil when a cell is not
    /// dashes with optional colons at either end.
    private static func delimiterRow(_ cells: [String]) -> [MarkdownTable.Alignment]? {
        var alignments: [MarkdownTable.Alignment] = []
        for cell in cells {
            var dashes = Substring(cell)
            let left = dashes.first == ":"
            if left { dashes.removeFirst() }
            let right = dashes.last == ":"
            if right { dashes.removeLast() }
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            switch (left, right) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        return alignments
    }

    /// A cell's text parsed as inline Markdown: libcmark parses it as a
    /// document of its own and the inlines of its one paragraph are kept.
    /// Text that would start another kind of block (`# x`, `- x`, `1. x`,
    /// `> x`) is tried again with that character escaped, so it shows as
    /// written.
    static func inlines(ofCell text: String) -> MarkdownTable.Cell {
        if text.isEmpty { return [] }
        if let inlines = paragraphInlines(text) { return inlines }
        if let escaped = escapingFirstPunctuation(text), let inlines = paragraphInlines(escaped) {
            return inlines
        }
        return [.text(text)]
    }

    private static func paragraphInlines(_ text: String) -> [MarkdownInline]? {
        let root: OpaquePointer? = text.withCString { pointer in
            cmark_parse_document(pointer, text.utf8.count, CMARK_OPT_DEFAULT)
        }
        guard let root else { return nil }
        defer { cmark_node_free(root) }
        let blocks = MarkdownTreeConverter.blocks(of: root, source: nil)
        guard blocks.count == 1, case .paragraph(let inlines) = blocks[0] else { return nil }
        return inlines
    }

    private static func escapingFirstPunctuation(_ text: String) -> String? {
        guard let index = text.firstIndex(where: { $0.isASCII && ($0.isPunctuation || $0.isSymbol) })
        else { return nil }
        var escaped = text
        escaped.insert("\\", at: index)
        return escaped
    }
}
