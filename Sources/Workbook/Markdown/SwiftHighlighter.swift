/// A small Swift highlighter for code blocks: keywords and attributes,
/// string literals, comments and numbers. It reads tokens, not grammar, which
/// is all a reader needs to tell code from comment at a glance.
enum SwiftHighlighter {
    static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch",
        "class", "continue", "convenience", "default", "defer", "deinit", "didSet", "do",
        "else", "enum", "extension", "fallthrough", "false", "fileprivate", "final", "for",
        "func", "get", "guard", "if", "import", "in", "indirect", "init", "inout", "internal",
        "is", "lazy", "let", "mutating", "nil", "nonisolated", "open", "operator", "override",
        "private", "protocol", "public", "repeat", "required", "rethrows", "return", "self",
        "Self", "set", "some", "static", "struct", "subscript", "super", "switch", "throw",
        "throws", "true", "try", "typealias", "unowned", "var", "weak", "where", "while",
        "willSet", "sending", "consuming", "borrowing",
    ]

    /// The lines of `code`, each a list of styled runs.
    static func highlight(_ code: String) -> [[StyledText]] {
        var scanner = Scanner(characters: Array(code))
        return scanner.run()
    }

    private struct Scanner {
        let characters: [Character]
        var index = 0
        var lines: [[StyledText]] = [[]]

        init(characters: [Character]) {
            self.characters = characters
        }

        mutating func run() -> [[StyledText]] {
            while index < characters.count {
                let character = characters[index]
                if character == "/" && peek(1) == "/" {
                    emit(takeUntilEndOfLine(), .dim)
                } else if character == "/" && peek(1) == "*" {
                    emit(takeBlockComment(), .dim)
                } else if character == "\"" {
                    emit(takeString(), .string)
                } else if character.isNumber && character.isASCII && !previousIsIdentifier() {
                    emit(takeNumber(), .number)
                } else if character == "@" || character == "#", let next = peek(1), isIdentifierStart(next) {
                    index += 1
                    emit(String(character) + takeIdentifier(), .keyword)
                } else if isIdentifierStart(character) {
                    let word = takeIdentifier()
                    emit(word, keywords.contains(word) ? .keyword : [])
                } else {
                    emit(String(character), [])
                    index += 1
                }
            }
            if lines.count > 1, lines[lines.count - 1].isEmpty {
                lines.removeLast()
            }
            return lines
        }

        private func peek(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        private func previousIsIdentifier() -> Bool {
            index > 0 && (isIdentifierStart(characters[index - 1]) || characters[index - 1].isNumber)
        }

        private func isIdentifierStart(_ character: Character) -> Bool {
            character == "_" || character.isLetter
        }

        private mutating func takeIdentifier() -> String {
            var word = ""
            while index < characters.count,
                  isIdentifierStart(characters[index]) || characters[index].isNumber {
                word.append(characters[index])
                index += 1
            }
            return word
        }

        private mutating func takeUntilEndOfLine() -> String {
            var text = ""
            while index < characters.count, characters[index] != "\n" {
                text.append(characters[index])
                index += 1
            }
            return text
        }

        private mutating func takeBlockComment() -> String {
            var text = "/*"
            index += 2
            while index < characters.count {
                if characters[index] == "*" && peek(1) == "/" {
                    text += "*/"
                    index += 2
                    break
                }
                text.append(characters[index])
                index += 1
            }
            return text
        }

        private mutating func takeString() -> String {
            let isMultiline = peek(1) == "\"" && peek(2) == "\""
            let delimiter = isMultiline ? "\"\"\"" : "\""
            var text = delimiter
            index += delimiter.count
            while index < characters.count {
                let character = characters[index]
                if character == "\\" {
                    text.append(character)
                    index += 1
                    if index < characters.count {
                        text.append(characters[index])
                        index += 1
                    }
                    continue
                }
                if !isMultiline && character == "\n" { break }
                if character == "\"" && (!isMultiline || (peek(1) == "\"" && peek(2) == "\"")) {
                    text += delimiter
                    index += delimiter.count
                    break
                }
                text.append(character)
                index += 1
            }
            return text
        }

        private mutating func takeNumber() -> String {
            var text = ""
            let isPrefixed = characters[index] == "0" && ["x", "o", "b"].contains(peek(1))
            if isPrefixed {
                text.append(characters[index])
                text.append(characters[index + 1])
                index += 2
            }
            while index < characters.count {
                let character = characters[index]
                let isDigit = isPrefixed ? character.isHexDigit : character.isNumber
                let isFraction = !isPrefixed && character == "." && (peek(1)?.isNumber ?? false)
                guard isDigit || character == "_" || isFraction else { break }
                text.append(character)
                index += 1
            }
            return text
        }

        /// Adds text to the current line, starting a new line at each newline
        /// so every line carries its own styling.
        private mutating func emit(_ text: String, _ style: TextStyle) {
            var pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = pieces.removeFirst()
            add(String(first), style)
            for piece in pieces {
                lines.append([])
                add(String(piece), style)
            }
        }

        private mutating func add(_ text: String, _ style: TextStyle) {
            guard !text.isEmpty else { return }
            var line = lines[lines.count - 1]
            if let last = line.last, last.style == style {
                line[line.count - 1].text += text
            } else {
                line.append(StyledText(text: text, style: style))
            }
            lines[lines.count - 1] = line
        }
    }
}
