import CMultiprocessing

/// The three semaphores behind a condition variable, one after the other in
/// one shared region.
enum ConditionCounter: Int, CaseIterable {
    /// One unit per waiter that has announced it is going to sleep.
    case sleeping
    /// One unit per waiter that has come back from sleeping (notified or not).
    case woken
    /// The wake-up calls: a sleeper takes one to leave its sleep.
    case wakeups
}

extension MP {
    /// A condition variable shared by processes: Python's
    /// `multiprocessing.Condition`.
    ///
    /// A process holding the condition's lock finds that what it needs is not
    /// there yet and calls `wait()`: the lock is let go of while it sleeps, so
    /// that another process can take it, change the shared state and call
    /// `notify()`. The sleeper then takes the lock back before `wait` returns,
    /// and checks the state again (a wake-up is a hint, not a promise).
    ///
    /// ```swift
    /// let ready = try MP.Condition()
    /// // consumer
    /// try ready.withLock {
    ///     _ = try ready.wait(for: { items.value > 0 })
    ///     items.value -= 1
    /// }
    /// // producer
    /// try ready.withLock {
    ///     items.value += 1
    ///     try ready.notify()
    /// }
    /// ```
    ///
    /// How it works across processes: three shared semaphores count the
    /// sleepers, the confirmations of sleepers that woke, and the wake-up
    /// calls. `notify(n)` first forgets the sleepers that gave up on a
    /// timeout, hands out up to `n` wake-up calls, waits until that many
    /// sleepers confirm they woke, then takes back any call nobody took.
    ///
    /// A waiter that is killed between being notified and taking the lock
    /// back never confirms, and the `notify` that woke it waits for ever:
    /// end processes with a message, not a signal, while they use a condition.
    public final class Condition: @unchecked Sendable, Codable {
        /// The lock that guards the shared state the condition is about.
        public let lock: any SharedLock
        private let held: ConditionLock
        let region: SharedRegion
        private var sleeping: UnsafeMutablePointer<mp_shared_semaphore> { semaphore(.sleeping) }
        private var woken: UnsafeMutablePointer<mp_shared_semaphore> { semaphore(.woken) }
        private var wakeups: UnsafeMutablePointer<mp_shared_semaphore> { semaphore(.wakeups) }

        /// Creates a condition guarded by `lock`, or by a new `RLock` when
        /// `lock` is nil (as in Python). Several conditions may share a lock,
        /// for example "not empty" and "not full" of one buffer. The lock must
        /// be an `MP.Lock` or an `MP.RLock`.
        public init(lock: (any SharedLock)? = nil) throws {
            let lock = try lock ?? RLock()
            held = try ConditionLock(lock)
            self.lock = lock
            region = try SharedRegion(
                size: ConditionCounter.allCases.count * MemoryLayout<mp_shared_semaphore>.stride, name: "mp-condition")
        }

        /// Acquires the condition's lock (see `Lock.acquire` and `RLock.acquire`).
        @discardableResult
        public func acquire(block: Bool = true, timeout: Double? = nil) throws -> Bool {
            try lock.acquire(block: block, timeout: timeout)
        }

        /// Releases the condition's lock.
        public func release() throws {
            try lock.release()
        }

        /// Runs `body` holding the condition's lock, and always releases it.
        public func withLock<Result>(_ body: () throws -> Result) throws -> Result {
            try lock.withLock(body)
        }

        /// Sleeps until notified or until `timeout` seconds pass (nil: no
        /// limit). Returns false when the time ran out.
        ///
        /// The caller must hold the lock (`SynchronizeError.conditionLockNotHeld`
        /// otherwise). The lock is released completely while sleeping, even an
        /// `RLock` acquired several times, and taken back, to the same depth,
        /// before returning, whatever the result. If its holder died in the
        /// meantime, this throws `AbandonedLockError`, holding the lock.
        @discardableResult
        public func wait(timeout: Double? = nil) throws -> Bool {
            guard held.isHeldHere else { throw SynchronizeError.conditionLockNotHeld("wait()") }
            // Announced while still holding the lock, so a notifier that takes
            // the lock next is sure to count this sleeper.
            _ = mp_shared_semaphore_release(sleeping, 0)
            let depth = try held.releaseCompletely()
            let notified = mp_shared_semaphore_acquire(wakeups, cTimeout(block: true, timeout: timeout)) == Int32(MP_SYNC_OK)
            _ = mp_shared_semaphore_release(woken, 0)
            try held.reacquire(depth: depth)
            return notified
        }

        /// Waits until `predicate` is true, checking it first and again after
        /// every wake-up, for at most `timeout` seconds in all (nil: no limit).
        /// Returns the predicate's last answer. Call it holding the lock; the
        /// predicate always runs holding it.
        @discardableResult
        public func wait(for predicate: () throws -> Bool, timeout: Double? = nil) throws -> Bool {
            let deadline = Deadline(timeout: timeout)
            while true {
                if try predicate() { return true }
                if timeout != nil && deadline.hasPassed { return false }
                try wait(timeout: deadline.remaining)
            }
        }

        /// Wakes at most `n` of the processes (or threads) waiting; none when
        /// `n` is zero or less. The caller must hold the lock, and the woken
        /// run only after it releases the lock.
        public func notify(_ n: Int = 1) throws {
            try wake(n, call: "notify()")
        }

        /// Wakes every process (or thread) waiting. The caller must hold the lock.
        public func notifyAll() throws {
            try wake(Int.max, call: "notifyAll()")
        }

        private func wake(_ n: Int, call: String) throws {
            guard held.isHeldHere else { throw SynchronizeError.conditionLockNotHeld(call) }
            // A confirmation nobody waited for comes from a sleeper whose
            // timeout ran out: it sleeps no more, so stop counting it.
            while tryTake(woken) {
                _ = tryTake(sleeping)
            }
            var called = 0
            while called < n && tryTake(sleeping) {
                _ = mp_shared_semaphore_release(wakeups, 0)
                called += 1
            }
            guard called > 0 else { return }
            for _ in 0..<called {
                _ = mp_shared_semaphore_acquire(woken, -1)
            }
            // A sleeper that timed out just now may have confirmed in place of
            // one that was called; take back the calls nobody answered.
            while tryTake(wakeups) {}
        }

        private func semaphore(_ counter: ConditionCounter) -> UnsafeMutablePointer<mp_shared_semaphore> {
            region.pointer(at: counter.rawValue * MemoryLayout<mp_shared_semaphore>.stride, as: mp_shared_semaphore.self)
        }

        private func tryTake(_ semaphore: UnsafeMutablePointer<mp_shared_semaphore>) -> Bool {
            mp_shared_semaphore_acquire(semaphore, 0) == Int32(MP_SYNC_OK)
        }

        private enum CodingKeys: String, CodingKey {
            case region, lockKind, lock, rlock
        }

        /// Hands the condition, with its lock, to a child process.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(SharedRegionHandle(region, for: encoder), forKey: .region)
            switch held {
            case let .lock(lock):
                try container.encode(SharedLockKind.lock, forKey: .lockKind)
                try container.encode(lock, forKey: .lock)
            case let .rlock(rlock):
                try container.encode(SharedLockKind.rlock, forKey: .lockKind)
                try container.encode(rlock, forKey: .rlock)
            }
        }

        /// Receives the condition in a child process.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            region = try container.decode(SharedRegionHandle.self, forKey: .region).attach(for: decoder)
            switch try container.decode(SharedLockKind.self, forKey: .lockKind) {
            case .rlock:
                let rlock = try container.decode(RLock.self, forKey: .rlock)
                lock = rlock
                held = .rlock(rlock)
            default:
                let plain = try container.decode(Lock.self, forKey: .lock)
                lock = plain
                held = .lock(plain)
            }
        }
    }
}

/// The lock of a condition, seen as what `wait` needs from it: whether the
/// caller holds it, and how to let go of it completely and take it back.
private enum ConditionLock {
    case lock(MP.Lock)
    case rlock(MP.RLock)

    init(_ lock: any MP.SharedLock) throws {
        if let rlock = lock as? MP.RLock {
            self = .rlock(rlock)
        } else if let plain = lock as? MP.Lock {
            self = .lock(plain)
        } else {
            throw MP.SynchronizeError.unsupportedLock(String(reflecting: type(of: lock)))
        }
    }

    /// An `RLock` knows its holding thread; a `Lock` only its holding process.
    var isHeldHere: Bool {
        switch self {
        case let .lock(lock): return lock.isHeldByCurrentProcess
        case let .rlock(rlock): return rlock.isHeldByCurrentThread
        }
    }

    /// Releases every level held and returns how many there were.
    func releaseCompletely() throws -> UInt32 {
        switch self {
        case let .lock(lock):
            try lock.release()
            return 1
        case let .rlock(rlock):
            return try rlock.releaseFully()
        }
    }

    func reacquire(depth: UInt32) throws {
        switch self {
        case let .lock(lock): try lock.acquire()
        case let .rlock(rlock): try rlock.acquireRestoring(depth: depth)
        }
    }
}
