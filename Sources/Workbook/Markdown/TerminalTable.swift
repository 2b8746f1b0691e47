/// Tables on a terminal: box lines around cells, columns as wide as their
/// content, and cell text wrapped inside its column when the table would
/// be wider than the page.
extension TerminalRenderer {
    /// What a column needs: its text on one line, and its longest word.
    private struct ColumnNeeds {
        var natural = 1
        var longestWord = 1
    }

    /// A column given fewer characters than this (or than its longest word,
    /// when that is shorter) cuts too many words to read; such a table is
    /// listed row by row instead.
    private static let narrowestColumn = 6

    /// Columns taken by the box lines of a table with `columns` columns:
    /// `│ ` before each cell, ` ` after it, and the final `│`.
    private static func borderWidth(columns: Int) -> Int {
        3 * columns + 1
    }

    /// The table's lines, none wider than `width`: the header in bold
    /// (with colour), a rule under it, the box lines dim.
    func render(_ table: MarkdownTable, width: Int) -> [String] {
        let columns = table.columnCount
        guard columns > 0 else { return [] }
        let headerCells = table.header.map { fragments($0, style: .bold) }
        let bodyRows = table.rows.map { row in row.map { fragments($0, style: []) } }
        var needs = Array(repeating: ColumnNeeds(), count: columns)
        for row in [headerCells] + bodyRows {
            for (column, cell) in row.enumerated() {
                let measured = measure(cell)
                needs[column].natural = max(needs[column].natural, measured.natural)
                needs[column].longestWord = max(needs[column].longestWord, measured.longestWord)
            }
        }
        let available = width - Self.borderWidth(columns: columns)
        let leastReadable = needs.map { min($0.natural, max(min($0.longestWord, Self.narrowestColumn), 1)) }
        guard leastReadable.reduce(0, +) <= available else {
            return listed(header: headerCells, rows: bodyRows, width: width)
        }
        let widths = Self.columnWidths(needs, available: available)

        let border = { (left: String, middle: String, right: String) -> String in
            self.styled(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right,
                        .dim)
        }
        var lines = [border("┌", "┬", "┐")]
        lines += rowLines(headerCells, widths: widths, alignments: table.alignments)
        lines.append(border("├", "┼", "┤"))
        for row in bodyRows {
            lines += rowLines(row, widths: widths, alignments: table.alignments)
        }
        lines.append(border("└", "┴", "┘"))
        return lines
    }

    /// Shares `available` columns out: every column gets its one-line width
    /// when that fits; otherwise the widest columns give up space first,
    /// down to their longest word, and only when even the words do not fit
    /// are words cut.
    private static func columnWidths(_ needs: [ColumnNeeds], available: Int) -> [Int] {
        var widths = needs.map(\.natural)
        var excess = widths.reduce(0, +) - available
        for floor in [needs.map(\.longestWord), Array(repeating: 1, count: needs.count)] {
            while excess > 0 {
                let shrinkable = widths.indices.filter { widths[$0] > floor[$0] }
                guard let widest = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
                // Bring the widest column down towards the next widest in one step.
                let others = shrinkable.filter { $0 != widest }.map { widths[$0] }
                let target = max(floor[widest], others.max() ?? floor[widest], widths[widest] - excess)
                let step = max(widths[widest] - target, 1)
                widths[widest] -= step
                excess -= step
            }
        }
        return widths
    }

    /// A cell's width on one line and the width of its longest word.
    private func measure(_ cell: [InlineFragment]) -> ColumnNeeds {
        let line = WordWrapper.wrap(cell, width: Int.max / 2).map { $0.map(\.text).joined() }
        let natural = line.map(TerminalText.visibleWidth(of:)).max() ?? 0
        let longest = line.flatMap { $0.split(separator: " ") }.map { TerminalText.visibleWidth(of: String($0)) }.max()
        return ColumnNeeds(natural: max(natural, 1), longestWord: max(longest ?? 0, 1))
    }

    /// One table row: each cell wrapped to its column and padded to its
    /// alignment, the row as tall as its tallest cell.
    private func rowLines(_ cells: [[InlineFragment]], widths: [Int],
                          alignments: [MarkdownTable.Alignment]) -> [String] {
        let wrapped: [[String]] = zip(cells, widths).map { cell, width in
            WordWrapper.wrap(cell, width: width).map(emit)
        }
        let height = wrapped.map(\.count).max() ?? 1
        let bar = styled("│", .dim)
        return (0..<height).map { index in
            var line = bar
            for (column, cellLines) in wrapped.enumerated() {
                let text = index < cellLines.count ? cellLines[index] : ""
                line += " " + Self.pad(text, to: widths[column], alignment: alignments[column]) + " " + bar
            }
            return line
        }
    }

    private static func pad(_ text: String, to width: Int, alignment: MarkdownTable.Alignment) -> String {
        let room = max(width - TerminalText.visibleWidth(of: text), 0)
        let before: Int
        switch alignment {
        case .none, .left: before = 0
        case .center: before = room / 2
        case .right: before = room
        }
        return String(repeating: " ", count: before) + text + String(repeating: " ", count: room - before)
    }

    /// A table too narrow to draw: each body row as `header: cell` lines,
    /// rows apart by a blank line (just the header when there are no rows).
    private func listed(header: [[InlineFragment]], rows: [[[InlineFragment]]], width: Int) -> [String] {
        guard !rows.isEmpty else {
            return header.flatMap { WordWrapper.wrap($0, width: width).map(emit) }
        }
        var lines: [String] = []
        for row in rows {
            if !lines.isEmpty { lines.append("") }
            for (name, cell) in zip(header, row) {
                let labelled = name + [.text(": ", .bold)] + cell
                lines += WordWrapper.wrap(labelled, width: width).map(emit)
            }
        }
        return lines
    }
}
