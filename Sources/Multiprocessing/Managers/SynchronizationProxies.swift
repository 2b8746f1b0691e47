extension MP {
    /// A queue held by a manager (Python's `manager.Queue()`), the one a
    /// remote manager typically serves: any process that can reach the
    /// server can put into it and get from it.
    public struct QueueProxy<Element: Codable>: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .queue }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// Puts `item` at the back. When the queue is full, waits for room
        /// (at most `timeout` seconds; not at all with `block: false`) and
        /// then throws `MP.QueueFull`.
        public func put(_ item: Element, block: Bool = true, timeout: Double? = nil) throws {
            let reply = try handle.call(.put(WireCoding.binary.encode(item), timeout: block ? timeout : 0))
            if case .timedOut = reply { throw QueueFull() }
        }

        /// Takes the item at the front. When the queue is empty, waits for
        /// one (at most `timeout` seconds; not at all with `block: false`)
        /// and then throws `MP.QueueEmpty`.
        public func get(block: Bool = true, timeout: Double? = nil) throws -> Element {
            switch try handle.call(.take(timeout: block ? timeout : 0)) {
            case let .blob(bytes): return try WireCoding.binary.decode(Element.self, from: bytes)
            case .timedOut: throw QueueEmpty()
            default: throw ManagerError.unsupported("get")
            }
        }

        /// How many items wait in the queue (exact at the moment the server answered).
        public func count() throws -> Int { try handle.count() }

        /// Whether the queue was empty when the server answered.
        public func isEmpty() throws -> Bool { try count() == 0 }
    }

    /// A lock held by a manager (Python's `manager.Lock()`). Like `MP.Lock`,
    /// any process may release it; if the process holding it disconnects
    /// (or dies), the server frees it.
    public struct LockProxy: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .lock }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// Takes the lock, waiting until it is free.
        public func acquire() throws { _ = try handle.call(.acquire(timeout: nil)) }

        /// Takes the lock if it becomes free within `timeout` seconds (0: only
        /// if free now); returns whether it did.
        public func acquire(timeout: Double) throws -> Bool {
            if case .timedOut = try handle.call(.acquire(timeout: timeout)) { return false }
            return true
        }

        /// Frees the lock; `ManagerError.notLocked` if nobody held it.
        public func release() throws { _ = try handle.call(.unlock) }

        /// Whether somebody holds the lock right now.
        public func isLocked() throws -> Bool { try handle.flag(.isFlagRaised) }

        /// Runs `body` holding the lock, and releases it however `body` ends.
        public func withLock<Result>(_ body: () throws -> Result) throws -> Result {
            try acquire()
            defer { try? release() }
            return try body()
        }
    }

    /// An event held by a manager (Python's `manager.Event()`): a flag that
    /// processes wait for.
    public struct EventProxy: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .event }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// Raises the flag and wakes every waiter.
        public func set() throws { _ = try handle.call(.raiseFlag) }
        /// Lowers the flag.
        public func clear() throws { _ = try handle.call(.lowerFlag) }
        /// Whether the flag is raised.
        public func isSet() throws -> Bool { try handle.flag(.isFlagRaised) }
        /// Waits until the flag is raised, at most `timeout` seconds (nil: for
        /// ever); returns whether it was raised.
        @discardableResult
        public func wait(timeout: Double? = nil) throws -> Bool { try handle.flag(.waitForFlag(timeout: timeout)) }
    }
}
