/// The look of a piece of terminal text, turned into ANSI SGR codes when
/// colour is on.
struct TextStyle: OptionSet, Hashable, Sendable {
    let rawValue: UInt16

    static let bold = TextStyle(rawValue: 1 << 0)
    static let dim = TextStyle(rawValue: 1 << 1)
    static let italic = TextStyle(rawValue: 1 << 2)
    static let underline = TextStyle(rawValue: 1 << 3)
    /// Inline code.
    static let code = TextStyle(rawValue: 1 << 4)
    /// Swift keywords and attributes in a highlighted code block.
    static let keyword = TextStyle(rawValue: 1 << 5)
    /// String literals in a highlighted code block.
    static let string = TextStyle(rawValue: 1 << 6)
    /// Number literals in a highlighted code block.
    static let number = TextStyle(rawValue: 1 << 7)
    /// Check directive names (`CHECK-NEXT:`) in an `expect` block.
    static let directive = TextStyle(rawValue: 1 << 8)
    /// What held, passed or went well (green).
    static let good = TextStyle(rawValue: 1 << 9)
    /// What failed (red).
    static let bad = TextStyle(rawValue: 1 << 10)
    /// A hint or a warning (yellow).
    static let warning = TextStyle(rawValue: 1 << 11)

    /// The SGR parameters, in a fixed order so output is reproducible.
    var parameters: [String] {
        var codes: [String] = []
        if contains(.bold) { codes.append("1") }
        if contains(.dim) { codes.append("2") }
        if contains(.italic) { codes.append("3") }
        if contains(.underline) { codes.append("4") }
        if contains(.bad) {
            codes.append("31")
        } else if contains(.good) {
            codes.append("32")
        } else if contains(.warning) {
            codes.append("33")
        } else if contains(.string) {
            codes.append("32")
        } else if contains(.number) {
            codes.append("33")
        } else if contains(.keyword) {
            codes.append("35")
        } else if contains(.code) || contains(.directive) {
            codes.append("36")
        }
        return codes
    }

    /// `text` wrapped in this style's escape codes, reset at the end so that
    /// every styled run stands alone (lines can then be prefixed freely).
    func apply(to text: String) -> String {
        let codes = parameters
        if codes.isEmpty || text.isEmpty { return text }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}

/// A run of text in one style.
struct StyledText: Equatable, Sendable {
    var text: String
    var style: TextStyle
}

/// Measuring text as a terminal shows it.
enum TerminalText {
    /// Columns `text` takes on screen: ANSI escape sequences take none,
    /// combining marks none, East Asian wide characters and emoji two.
    static func visibleWidth(of text: String) -> Int {
        var width = 0
        var inEscape = false
        var sawBracket = false
        for character in text {
            if inEscape {
                // CSI sequences: ESC [ parameters final-byte (0x40...0x7E).
                if !sawBracket {
                    if character == "[" { sawBracket = true; continue }
                    inEscape = false
                    continue
                }
                if let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) {
                    inEscape = false
                }
                continue
            }
            if character == "\u{1B}" {
                inEscape = true
                sawBracket = false
                continue
            }
            width += columns(of: character)
        }
        return width
    }

    /// Columns one character takes.
    static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control:
            return 0
        default:
            return isWide(first) ? 2 : 1
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// Styling for text written to a terminal, that does nothing when colour is
/// off: the one place the workbook's commands, reports and renderers get
/// their ANSI codes from.
public struct Paint: Sendable {
    /// Whether to write escape codes at all.
    public let enabled: Bool

    /// Paint that colours when `enabled`.
    public init(enabled: Bool) { self.enabled = enabled }

    public func bold(_ text: String) -> String { apply(text, .bold) }
    public func dim(_ text: String) -> String { apply(text, .dim) }
    public func red(_ text: String) -> String { apply(text, .bad) }
    public func green(_ text: String) -> String { apply(text, .good) }
    public func yellow(_ text: String) -> String { apply(text, .warning) }
    public func cyan(_ text: String) -> String { apply(text, .code) }

    func apply(_ text: String, _ style: TextStyle) -> String {
        enabled ? style.apply(to: text) : text
    }
}
