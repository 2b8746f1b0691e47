/// An `expect` block that cannot be checked: an unknown directive, a bad
/// regular expression, a capture used before it is made, a malformed trace
/// fact, and so on.
public struct CheckSyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The line in chapter.md.
    public let line: Int
    /// What is wrong and, where it helps, what would be right.
    public let message: String

    /// An error at `line` of the check block, counted from 1.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// E.g. `chapter line 14: ...`.
    public var description: String { "chapter line \(line): \(message)" }
}
