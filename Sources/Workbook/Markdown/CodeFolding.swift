/// Long code lines folded to the page: code cannot be re-wrapped like
/// prose (where a line breaks matters in Swift), so a line wider than the
/// page is cut into pieces, and every piece after the first starts with
/// `↪` under the line's own indentation. The reader sees at once that the
/// pieces are one line.
enum CodeFolding {
    /// The mark that starts a continued piece.
    static let continuation = "↪ "

    /// `line` cut into pieces of at most `width` columns. A cut falls after
    /// the last space that leaves the piece at least half full, else
    /// mid-word.
    static func fold(_ line: [StyledText], width: Int) -> [[StyledText]] {
        let cells: [(character: Character, style: TextStyle)] = line.flatMap { run in run.text.map { ($0, run.style) } }
        func columns(_ slice: ArraySlice<(character: Character, style: TextStyle)>) -> Int {
            slice.reduce(0) { $0 + TerminalText.columns(of: $1.character) }
        }
        guard width >= 8, columns(cells[...]) > width else { return [line] }
        let indent = min(cells.prefix { $0.character == " " }.count, width / 2)
        let mark = String(repeating: " ", count: indent) + continuation
        var pieces: [[StyledText]] = []
        var rest = cells[...]
        while !rest.isEmpty {
            let room = pieces.isEmpty ? width : width - TerminalText.visibleWidth(of: mark)
            if columns(rest) <= room {
                pieces.append(runs(rest))
                break
            }
            var end = rest.startIndex
            var used = 0
            while end < rest.endIndex, used + TerminalText.columns(of: rest[end].character) <= room {
                used += TerminalText.columns(of: rest[end].character)
                end += 1
            }
            end = max(end, rest.startIndex + 1)
            let minimum = rest.startIndex + room / 2
            if let space = rest[rest.startIndex..<end].lastIndex(where: { $0.character == " " }), space >= minimum {
                end = space + 1
            }
            pieces.append(runs(rest[rest.startIndex..<end]))
            rest = rest[end...]
        }
        return pieces.enumerated().map { index, piece in
            index == 0 ? piece : [StyledText(text: mark, style: .dim)] + piece
        }
    }

    /// Characters with their styles, joined back into runs of one style.
    private static func runs(_ cells: ArraySlice<(character: Character, style: TextStyle)>) -> [StyledText] {
        var runs: [StyledText] = []
        for cell in cells {
            if let last = runs.last, last.style == cell.style {
                runs[runs.count - 1].text.append(cell.character)
            } else {
                runs.append(StyledText(text: String(cell.character), style: cell.style))
            }
        }
        return runs
    }
}
