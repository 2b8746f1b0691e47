import CMultiprocessing

extension MP {
    /// A queue that also counts unfinished work: every `put` adds a task,
    /// every `taskDone()` marks one finished, and `join()` waits until all
    /// are. Python's `multiprocessing.JoinableQueue`.
    public final class JoinableQueue<Element: Codable>: Queue<Element>, @unchecked Sendable {
        private var unfinished: UnsafeMutablePointer<UInt32> {
            (UnsafeMutableRawPointer(ring) + MemoryLayout<mp_ring>.offset(of: \.unfinished)!)
                .assumingMemoryBound(to: UInt32.self)
        }

        /// Puts `item` and counts it as a task to be done.
        public override func put(_ item: Element, block: Bool = true, timeout: Double? = nil) throws {
            _ = mp_atomic_add32(unfinished, 1)
            do {
                try super.put(item, block: block, timeout: timeout)
            } catch {
                markDone()
                throw error
            }
        }

        /// Marks one task taken from the queue as done. Throws
        /// `QueueError.taskDoneTooManyTimes` if every task was already done.
        public func taskDone() throws {
            var current = mp_atomic_load32(unfinished)
            while true {
                guard current > 0 else { throw QueueError.taskDoneTooManyTimes }
                if mp_atomic_compare_exchange32(unfinished, &current, current - 1) != 0 { break }
            }
            if current == 1 { mp_shared_word_wake(unfinished, Int32.max) }
        }

        /// Waits until every task put so far is done, or `timeout` seconds
        /// pass (nil: for ever). Returns whether all were done.
        @discardableResult
        public func join(timeout: Double? = nil) -> Bool {
            let deadline = Deadline(timeout: timeout)
            while true {
                let left = mp_atomic_load32(unfinished)
                if left == 0 { return true }
                guard let remaining = deadline.remaining else {
                    _ = mp_shared_word_wait(unfinished, left, -1)
                    continue
                }
                if remaining <= 0 { return false }
                _ = mp_shared_word_wait(unfinished, left, remaining)
            }
        }

        /// How many tasks are not yet marked done.
        public var unfinishedTasks: Int { Int(mp_atomic_load32(unfinished)) }

        private func markDone() {
            if mp_atomic_add32(unfinished, UInt32.max) == 0 { mp_shared_word_wake(unfinished, Int32.max) }
        }
    }
}
