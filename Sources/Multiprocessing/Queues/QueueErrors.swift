extension MP {
    /// `get` found nothing: the queue stayed empty for the whole timeout
    /// (or at once, with `block: false`). Python's `queue.Empty`.
    public struct QueueEmpty: Error, CustomStringConvertible, Equatable, Sendable {
        public init() {}
        public var description: String { "the queue is empty (nothing arrived before the timeout)" }
    }

    /// `put` found no room: the queue stayed full for the whole timeout (or
    /// at once, with `block: false`). Python's `queue.Full`.
    public struct QueueFull: Error, CustomStringConvertible, Equatable, Sendable {
        public init() {}
        public var description: String { "the queue is full (no room appeared before the timeout)" }
    }

    /// A queue was used in a way it cannot serve.
    public enum QueueError: Error, CustomStringConvertible, Equatable, Sendable {
        /// `close()` was called on this queue object.
        case closed
        /// A process died half-way through putting or getting a message, so
        /// the queue's contents can no longer be trusted.
        case broken
        /// `taskDone()` was called more times than items were put.
        case taskDoneTooManyTimes
        /// A message is longer than a queue can carry (4 GiB).
        case messageTooLong(Int)
        /// A size or capacity that makes no sense.
        case invalidSize(String)

        public var description: String {
            switch self {
            case .closed:
                return "this queue was closed with close(), so it can no longer put or get"
            case .broken:
                return "a process died in the middle of putting or getting a message, so this queue is broken"
            case .taskDoneTooManyTimes:
                return "taskDone() was called more times than there were items put on the queue"
            case let .messageTooLong(length):
                return "a message of \(length) bytes is longer than a queue can carry (4 GiB)"
            case let .invalidSize(reason):
                return reason
            }
        }
    }
}
