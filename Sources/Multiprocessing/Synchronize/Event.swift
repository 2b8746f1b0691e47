import CMultiprocessing

extension MP {
    /// A flag shared by processes that others can wait for: Python's
    /// `multiprocessing.Event`.
    public final class Event: SharedObject, @unchecked Sendable {
        let region: SharedRegion
        private var flag: UnsafeMutablePointer<UInt32> { region.pointer(as: UInt32.self) }

        /// Creates an event that is not set.
        public convenience init() throws {
            try self.init(region: SharedRegion(size: 4, name: "mp-event"))
        }

        init(region: SharedRegion) throws {
            self.region = region
        }

        /// Whether the flag is set.
        public var isSet: Bool { mp_atomic_load32(flag) != 0 }

        /// Sets the flag and wakes every waiter.
        public func set() {
            mp_atomic_store32(flag, 1)
            mp_shared_word_wake(flag, Int32.max)
        }

        /// Clears the flag.
        public func clear() {
            mp_atomic_store32(flag, 0)
        }

        /// Waits until the flag is set or `timeout` seconds pass (nil: for
        /// ever). Returns whether it is set.
        @discardableResult
        public func wait(timeout: Double? = nil) -> Bool {
            _ = mp_shared_word_wait(flag, 0, timeout.map { max(0, $0) } ?? -1)
            return isSet
        }

        /// Hands the event to a child process.
        public func encode(to encoder: any Encoder) throws { try encodeRegion(to: encoder) }

        /// Receives the event in a child process.
        public convenience init(from decoder: any Decoder) throws {
            try self.init(region: Self.decodeRegion(from: decoder))
        }
    }
}
