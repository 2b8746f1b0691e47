extension MP.Threads {
    /// A flag the threads of one program can wait on: the twin of
    /// `MP.Event`, and Python's `multiprocessing.dummy.Event` (which is
    /// `threading.Event`).
    ///
    /// Same methods as `MP.Event`: `set()` raises the flag and wakes every
    /// waiter, `wait(timeout:)` blocks until it is raised, `clear()` lowers
    /// it. It lives in this process's memory (a mutex and a condition
    /// variable), not in a shared-memory word other processes can map. It
    /// is `Codable` only so that it can be a `ProcessTarget`'s argument;
    /// encoding it throws.
    public final class Event: @unchecked Sendable, Codable {
        private let monitor = ThreadsMonitor()
        private let raised: ThreadsMonitor.Condition
        private var flag = false  // guarded by monitor

        /// Creates an event that is not set. It never throws; it is marked
        /// `throws` so that `try MP.Event()` and `try MP.Threads.Event()`
        /// read the same.
        public init() throws {
            raised = ThreadsMonitor.Condition(monitor)
        }

        /// Whether the flag is set.
        public var isSet: Bool { monitor.withLock { flag } }

        /// Sets the flag and wakes every waiter.
        public func set() {
            monitor.withLock {
                flag = true
                raised.broadcast()
            }
        }

        /// Clears the flag.
        public func clear() {
            monitor.withLock { flag = false }
        }

        /// Waits until the flag is set or `timeout` seconds pass (nil: for
        /// ever). Returns whether it is set.
        @discardableResult
        public func wait(timeout: Double? = nil) -> Bool {
            monitor.withLock { raised.wait(until: { flag }, deadline: Deadline(timeout: timeout)) }
        }

        /// Always throws: a thread event cannot be sent to another process.
        public func encode(to encoder: any Encoder) throws {
            try ThreadsCoding.refuseEncoding(self, to: encoder)
        }

        /// Always throws: a thread event cannot come from another process.
        public init(from decoder: any Decoder) throws {
            throw ThreadsCoding.refuseDecoding(Event.self, from: decoder)
        }
    }
}
