extension MP {
    /// The simplest queue: a one-way pipe with a lock for writers and one
    /// for readers, no size limit and no timeouts. Python's
    /// `multiprocessing.SimpleQueue`. A `put` of a large message blocks
    /// until a reader takes it (the pipe holds only 64 KiB).
    public final class SimpleQueue<Element: Codable>: @unchecked Sendable, Codable {
        private let receiver: Connection
        private let sender: Connection
        private let readLock: Lock
        private let writeLock: Lock

        /// Creates an empty queue.
        public init() throws {
            (receiver, sender) = try MP.Pipe(duplex: false)
            readLock = try Lock()
            writeLock = try Lock()
        }

        /// Puts `item` at the end of the queue.
        public func put(_ item: Element) throws {
            try mapClosed { try writeLock.withLock { try sender.send(item) } }
        }

        /// Takes the item at the front, waiting for one.
        public func get() throws -> Element {
            try mapClosed { try readLock.withLock { try receiver.recv(Element.self) } }
        }

        /// Whether nothing is waiting to be read (approximate).
        public var isEmpty: Bool {
            !((try? receiver.poll(timeout: 0)) ?? false)
        }

        /// Closes this process's ends; later `put` and `get` throw `QueueError.closed`.
        public func close() {
            receiver.close()
            sender.close()
        }

        private func mapClosed<Result>(_ body: () throws -> Result) throws -> Result {
            do {
                return try body()
            } catch ConnectionError.closed {
                throw QueueError.closed
            }
        }
    }
}
