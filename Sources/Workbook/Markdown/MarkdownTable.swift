/// A pipe table, as GitHub-flavoured Markdown writes it:
///
/// ```
/// | how the child ended | exit code |
/// |---|---:|
/// | `run` returned | `0` |
/// ```
///
/// libcmark (core CommonMark) does not know tables; the converter recognises
/// them in paragraphs whose lines all start with `|` and whose second line
/// is a delimiter row. Every row has exactly as many cells as the header.
public struct MarkdownTable: Equatable, Sendable {
    /// How a column's text sits in its cells, from the colons of the
    /// delimiter row.
    public enum Alignment: Equatable, Sendable {
        /// No colon (`---`): left on a terminal, the browser's choice in HTML.
        case none
        /// A colon on the left (`:---`).
        case left
        /// Colons on both sides (`:---:`).
        case center
        /// A colon on the right (`---:`).
        case right
    }

    /// One cell's inline content.
    public typealias Cell = [MarkdownInline]

    /// One alignment a column.
    public var alignments: [Alignment]
    /// The header row's cells.
    public var header: [Cell]
    /// The body rows, each with one cell a column.
    public var rows: [[Cell]]

    /// Makes a table from its parts. Rows shorter than the header are padded
    /// with empty cells and longer ones cut, as GitHub does, and alignments
    /// are padded with ``Alignment/none`` or cut to the header's width.
    public init(header: [Cell], alignments: [Alignment], rows: [[Cell]]) {
        let columns = header.count
        self.header = header
        self.alignments = Self.fit(alignments, to: columns, padding: .none)
        self.rows = rows.map { Self.fit($0, to: columns, padding: []) }
    }

    /// The number of columns.
    public var columnCount: Int {
        header.count
    }

    private static func fit<Element>(_ values: [Element], to count: Int, padding: Element) -> [Element] {
        if values.count >= count { return Array(values.prefix(count)) }
        return values + Array(repeating: padding, count: count - values.count)
    }
}
