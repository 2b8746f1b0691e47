extension MP.Threads {
    /// A first-in, first-out queue for the threads of one program: the
    /// twin of `MP.Queue`, and Python's `multiprocessing.dummy.Queue`
    /// (which is `queue.Queue`).
    ///
    /// Same methods, labels and errors as `MP.Queue` (`put`, `get`, with
    /// `block` and `timeout`, `QueueEmpty`, `QueueFull`). What differs:
    /// - An item is handed over as it is: nothing is encoded, no bytes are
    ///   copied into shared memory, and a class instance put by one thread
    ///   is the very object another thread gets. So items must be
    ///   `Sendable` (and need not be `Codable`).
    /// - `maxSize` counts items; there is no byte capacity.
    /// - Every thread uses this one object, so `close()` closes it for all
    ///   of them: every later `put` and `get` throws `QueueError.closed`,
    ///   and threads waiting in `get` or `put` wake up and throw it too
    ///   (an `MP.Queue`'s `close` concerns only the process that calls it).
    ///
    /// It is `Codable` only so that it can be a `ProcessTarget`'s argument,
    /// as an `MP.Queue` can; encoding it throws, because it cannot leave
    /// this process.
    public class Queue<Element: Sendable>: @unchecked Sendable, Codable {
        let monitor = ThreadsMonitor()
        private let notEmpty: ThreadsMonitor.Condition
        private let notFull: ThreadsMonitor.Condition
        // Guarded by monitor:
        private var items: [Element?] = []
        private var head = 0
        private var closed = false
        /// Tasks put and not yet marked done, and the condition `join`
        /// waits on (used by `JoinableQueue`).
        var unfinished = 0
        let allDone: ThreadsMonitor.Condition

        /// The most items the queue holds at once (0: no limit).
        public let maxSize: Int

        /// Creates a queue.
        /// - Parameter maxSize: the most items at once, as in Python (0, the
        ///   default: no limit); `QueueError.invalidSize` if negative.
        public init(maxSize: Int = 0) throws {
            guard maxSize >= 0 && maxSize <= Int(Int32.max) else {
                throw MP.QueueError.invalidSize("maxSize must be between 0 and \(Int32.max), not \(maxSize)")
            }
            self.maxSize = maxSize
            notEmpty = ThreadsMonitor.Condition(monitor)
            notFull = ThreadsMonitor.Condition(monitor)
            allDone = ThreadsMonitor.Condition(monitor)
        }

        /// Puts `item` at the end of the queue. Waits for room unless `block`
        /// is false; throws `QueueFull` when there is none in time.
        public func put(_ item: Element, block: Bool = true, timeout: Double? = nil) throws {
            try monitor.withLock {
                try putLocked(item, block: block, timeout: timeout)
                countTask()
            }
        }

        /// Counts a put as a task (`JoinableQueue`); called holding the lock.
        func countTask() {}

        private func putLocked(_ item: Element, block: Bool, timeout: Double?) throws {
            guard !closed else { throw MP.QueueError.closed }
            if maxSize > 0 && storedCount >= maxSize {
                guard block else { throw MP.QueueFull() }
                let roomed = notFull.wait(
                    until: { closed || storedCount < maxSize }, deadline: Deadline(timeout: timeout))
                guard !closed else { throw MP.QueueError.closed }
                guard roomed else { throw MP.QueueFull() }
            }
            items.append(item)
            notEmpty.signal()
        }

        /// Takes the item at the front of the queue. Waits for one unless
        /// `block` is false; throws `QueueEmpty` when none arrives in time.
        public func get(block: Bool = true, timeout: Double? = nil) throws -> Element {
            try monitor.withLock {
                guard !closed else { throw MP.QueueError.closed }
                if storedCount == 0 {
                    guard block else { throw MP.QueueEmpty() }
                    let arrived = notEmpty.wait(until: { closed || storedCount > 0 }, deadline: Deadline(timeout: timeout))
                    guard !closed else { throw MP.QueueError.closed }
                    guard arrived else { throw MP.QueueEmpty() }
                }
                let item = items[head]!
                items[head] = nil
                head += 1
                if head >= 64 && head * 2 >= items.count {
                    items.removeFirst(head)
                    head = 0
                }
                if maxSize > 0 { notFull.signal() }
                return item
            }
        }

        private var storedCount: Int { items.count - head }

        /// `put(item, block: false)`.
        public func putNoWait(_ item: Element) throws { try put(item, block: false) }

        /// `get(block: false)`.
        public func getNoWait() throws -> Element { try get(block: false) }

        /// How many items are in the queue (exact at the moment of reading;
        /// other threads may change it right after).
        public var count: Int { monitor.withLock { storedCount } }

        /// Whether the queue is empty.
        public var isEmpty: Bool { count == 0 }

        /// Whether the queue holds `maxSize` items.
        public var isFull: Bool { maxSize > 0 && count >= maxSize }

        /// Closes the queue for every thread: later `put` and `get` throw
        /// `QueueError.closed`, and threads waiting in them wake and throw it.
        public func close() {
            monitor.withLock {
                closed = true
                notEmpty.broadcast()
                notFull.broadcast()
            }
        }

        /// Always throws: a thread queue cannot be sent to another process.
        public func encode(to encoder: any Encoder) throws {
            try ThreadsCoding.refuseEncoding(self, to: encoder)
        }

        /// Always throws: a thread queue cannot come from another process.
        public required init(from decoder: any Decoder) throws {
            throw ThreadsCoding.refuseDecoding(Queue.self, from: decoder)
        }
    }

    /// A queue that also counts unfinished work: every `put` adds a task,
    /// every `taskDone()` marks one finished, and `join()` waits until all
    /// are. The twin of `MP.JoinableQueue` (Python's `queue.Queue` has
    /// `task_done` and `join` built in).
    public final class JoinableQueue<Element: Sendable>: Queue<Element>, @unchecked Sendable {
        override func countTask() {
            unfinished += 1
        }

        /// Marks one task taken from the queue as done. Throws
        /// `QueueError.taskDoneTooManyTimes` if every task was already done.
        public func taskDone() throws {
            try monitor.withLock {
                guard unfinished > 0 else { throw MP.QueueError.taskDoneTooManyTimes }
                unfinished -= 1
                if unfinished == 0 { allDone.broadcast() }
            }
        }

        /// Waits until every task put so far is done, or `timeout` seconds
        /// pass (nil: for ever). Returns whether all were done.
        @discardableResult
        public func join(timeout: Double? = nil) -> Bool {
            monitor.withLock {
                allDone.wait(until: { unfinished == 0 }, deadline: Deadline(timeout: timeout))
            }
        }

        /// How many tasks are not yet marked done.
        public var unfinishedTasks: Int { monitor.withLock { unfinished } }
    }
}
