extension MP {
    /// `recv` found the other end closed: nothing more will ever arrive.
    /// (Python raises `EOFError` in the same place.)
    public struct EOFError: Error, CustomStringConvertible, Equatable, Sendable {
        /// True when the other end closed after sending only part of a message.
        public let midMessage: Bool

        /// Creates the error; `midMessage` says whether a message was cut short.
        public init(midMessage: Bool = false) {
            self.midMessage = midMessage
        }

        public var description: String {
            midMessage
                ? "the other end of the connection closed in the middle of a message"
                : "the other end of the connection was closed, so there is nothing more to receive"
        }
    }
}
