/// A value a `[[NAME:regex]]` captured from the output.
public struct CheckCapture: Sendable, Equatable, Encodable {
    /// The capture's name.
    public let name: String
    /// The text the regex matched.
    public let value: String
    /// The 1-based output line it was captured from.
    public let line: Int

    /// `name` bound to `value`, read from output line `line` (1-based).
    public init(name: String, value: String, line: Int) {
        self.name = name
        self.value = value
        self.line = line
    }
}
