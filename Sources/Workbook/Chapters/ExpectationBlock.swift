/// An `expect` block of a chapter: check directives, and where they are.
public struct ExpectationBlock: Equatable, Sendable {
    /// The block's text, one directive a line.
    public var text: String
    /// The 1-based line in `chapter.md` of the block's first line of text
    /// (the line after the opening fence), so errors can point at it.
    public var line: Int

    /// Makes an expectation block.
    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}
