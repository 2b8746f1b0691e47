/// An inline element of a Markdown paragraph or heading.
public enum MarkdownInline: Equatable, Sendable {
    /// Plain text.
    case text(String)
    /// Emphasised content (`*x*`).
    case emphasis([MarkdownInline])
    /// Strongly emphasised content (`**x**`).
    case strong([MarkdownInline])
    /// A code span (`` `x` ``).
    case code(String)
    /// A link to `url` with an optional `title`, shown as `content`.
    case link(url: String, title: String, content: [MarkdownInline])
    /// An image at `url`, described by `content` (its alternative text).
    case image(url: String, title: String, content: [MarkdownInline])
    /// A line break in the source that is not a hard break: shown as a space.
    case softBreak
    /// A hard line break (two trailing spaces or a backslash).
    case lineBreak
    /// Raw inline HTML, kept verbatim.
    case html(String)
}

extension MarkdownInline {
    /// The text a reader sees, without any markup: used for image descriptions,
    /// heading anchors and to tell whether a link shows its own address.
    public static func plainText(of inlines: [MarkdownInline]) -> String {
        var result = ""
        for inline in inlines {
            switch inline {
            case .text(let text), .code(let text):
                result += text
            case .emphasis(let content), .strong(let content),
                 .link(_, _, let content), .image(_, _, let content):
                result += plainText(of: content)
            case .softBreak, .lineBreak:
                result += " "
            case .html:
                break
            }
        }
        return result
    }
}
