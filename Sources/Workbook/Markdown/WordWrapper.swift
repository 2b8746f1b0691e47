/// Styled inline text as it goes into the wrapper: runs of text and forced
/// line breaks.
enum InlineFragment: Equatable, Sendable {
    case text(String, TextStyle)
    case lineBreak
}

/// Fills lines greedily with whole words, measuring what a terminal shows.
///
/// Whitespace separates words and is collapsed to one space; a word is only
/// cut when it is longer than a whole line.
struct WordWrapper {
    let width: Int

    private var lines: [[StyledText]] = [[]]
    private var lineWidth = 0
    private var word: [StyledText] = []
    private var wordWidth = 0
    /// The style of the space seen before the current word, if there was one.
    private var spaceBeforeWord: TextStyle?
    private var pendingSpace: TextStyle?

    init(width: Int) {
        self.width = max(1, width)
    }

    /// Wraps `fragments` into lines of at most `width` columns.
    static func wrap(_ fragments: [InlineFragment], width: Int) -> [[StyledText]] {
        var wrapper = WordWrapper(width: width)
        for fragment in fragments {
            switch fragment {
            case .text(let text, let style):
                wrapper.add(text, style: style)
            case .lineBreak:
                wrapper.breakLine()
            }
        }
        wrapper.finishWord()
        return wrapper.lines
    }

    private mutating func add(_ text: String, style: TextStyle) {
        for character in text {
            // A no-break space is part of its word.
            if character.isWhitespace && character != "\u{00A0}" {
                finishWord()
                if pendingSpace == nil { pendingSpace = style }
                continue
            }
            if word.isEmpty {
                spaceBeforeWord = pendingSpace
                pendingSpace = nil
            }
            if let last = word.last, last.style == style {
                word[word.count - 1].text.append(character)
            } else {
                word.append(StyledText(text: String(character), style: style))
            }
            wordWidth += TerminalText.columns(of: character)
        }
    }

    private mutating func breakLine() {
        finishWord()
        lines.append([])
        lineWidth = 0
        pendingSpace = nil
    }

    private mutating func finishWord() {
        guard !word.isEmpty else { return }
        defer {
            word = []
            wordWidth = 0
            spaceBeforeWord = nil
        }
        if lineWidth > 0 {
            if lineWidth + 1 + wordWidth <= width {
                append([StyledText(text: " ", style: spaceBeforeWord ?? [])], columns: 1)
                append(word, columns: wordWidth)
                return
            }
            lines.append([])
            lineWidth = 0
        }
        if wordWidth <= width {
            append(word, columns: wordWidth)
        } else {
            cutLongWord()
        }
    }

    /// Places a word wider than a line, a line's worth at a time.
    private mutating func cutLongWord() {
        for piece in word {
            for character in piece.text {
                let columns = TerminalText.columns(of: character)
                if lineWidth + columns > width, lineWidth > 0 {
                    lines.append([])
                    lineWidth = 0
                }
                append([StyledText(text: String(character), style: piece.style)], columns: columns)
            }
        }
    }

    private mutating func append(_ pieces: [StyledText], columns: Int) {
        for piece in pieces {
            var line = lines[lines.count - 1]
            if let last = line.last, last.style == piece.style {
                line[line.count - 1].text += piece.text
            } else {
                line.append(piece)
            }
            lines[lines.count - 1] = line
        }
        lineWidth += columns
    }
}
