extension MP {
    /// A connection was used in a way it cannot serve.
    public enum ConnectionError: Error, CustomStringConvertible, Equatable, Sendable {
        /// `close()` was called on this end; it cannot be used any more.
        case closed
        /// This end of a one-way pipe can only send.
        case notReadable
        /// This end of a one-way pipe can only receive.
        case notWritable
        /// The incoming message is longer than the receiver allows. The message
        /// was read past and dropped, so the next `recv` gets the next message.
        case messageTooLong(length: Int, limit: Int)
        /// The other end is closed, so nothing can be sent any more.
        case brokenPipe
        /// A received message could not be decoded as the requested type.
        case undecodable(type: String, reason: String)
        /// A value could not be encoded for sending.
        case unencodable(type: String, reason: String)

        public var description: String {
            switch self {
            case .closed:
                return "this connection was closed with close(), so it cannot be used any more"
            case .notReadable:
                return "this end of a one-way pipe can only send; receive on the other end"
            case .notWritable:
                return "this end of a one-way pipe can only receive; send from the other end"
            case let .messageTooLong(length, limit):
                return "an incoming message of \(length) bytes is longer than the limit of \(limit) bytes; "
                    + "it was dropped (raise the limit with maxLength: or maxMessageLength if it is expected)"
            case .brokenPipe:
                return "the other end of the connection is closed, so nothing can be sent"
            case let .undecodable(type, reason):
                return "a received message is not a valid \(type): \(reason)"
            case let .unencodable(type, reason):
                return "a value of type \(type) cannot be sent: \(reason)"
            }
        }
    }
}
