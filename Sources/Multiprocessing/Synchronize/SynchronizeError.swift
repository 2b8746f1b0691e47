extension MP {
    /// A synchronisation object was used in a way its rules forbid.
    public enum SynchronizeError: Error, CustomStringConvertible, Equatable, Sendable {
        /// `release()` of a lock that nobody holds.
        case releasedUnlocked
        /// An `RLock` released by a thread that does not hold it.
        case notOwner
        /// A `BoundedSemaphore` released more times than it was acquired.
        case releasedTooManyTimes(bound: Int)
        /// A semaphore's initial value is out of range.
        case invalidValue(Int)
        /// `Condition.wait` or `notify` was called without holding the
        /// condition's lock; the associated value names the call.
        case conditionLockNotHeld(String)
        /// A `Condition` was given a lock that is neither `MP.Lock` nor `MP.RLock`.
        case unsupportedLock(String)
        /// A `Barrier` needs at least one party.
        case invalidParties(Int)
        /// A `Barrier`'s action type cannot be found by name in a fresh copy
        /// of the program (it is nested or generic).
        case actionNotFindable(String)

        public var description: String {
            switch self {
            case .releasedUnlocked:
                return "release() of a lock that is not held"
            case .notOwner:
                return "an RLock can only be released by the thread (in the process) that acquired it"
            case let .releasedTooManyTimes(bound):
                return "a BoundedSemaphore was released more often than acquired (it cannot go above \(bound))"
            case let .invalidValue(value):
                return "a semaphore's value must be between 0 and \(Int32.max), not \(value)"
            case let .conditionLockNotHeld(call):
                return """
                    Condition.\(call) needs the condition's lock: call acquire() (or use withLock) first, \
                    as Python's "cannot wait on un-acquired lock" says
                    """
            case let .unsupportedLock(name):
                return "a Condition works with an MP.Lock or an MP.RLock, not with \(name)"
            case let .invalidParties(parties):
                return "a Barrier needs between 1 and \(Int32.max) parties, not \(parties)"
            case let .actionNotFindable(name):
                return """
                    the barrier action \(name) cannot be found by name in a fresh copy of this program; \
                    it must be a top-level, non-generic type (like a module-level function in Python)
                    """
            }
        }
    }

    /// The process that held a lock ended without releasing it.
    ///
    /// Thrown by `acquire()`, which then *holds* the lock: whatever the lock
    /// guarded may be half-updated, so repair it, then `release()`. A
    /// `withLock` call releases the lock again before throwing this, and does
    /// not run its body.
    public struct AbandonedLockError: Error, CustomStringConvertible, Equatable, Sendable {
        /// The process id of the holder that died.
        public let previousOwner: Int32

        @usableFromInline
        init(previousOwner: Int32) {
            self.previousOwner = previousOwner
        }

        public var description: String {
            "the process \(previousOwner) ended while holding this lock; what the lock guarded may be half-updated"
        }
    }

    /// A `Barrier` was broken, or reset, while this process waited at it, or
    /// was already broken when it arrived: Python's `threading.BrokenBarrierError`.
    public struct BrokenBarrierError: Error, CustomStringConvertible, Equatable, Sendable {
        /// What broke the barrier.
        public enum Reason: UInt32, Sendable {
            /// A waiter's timeout passed before every party arrived.
            case timedOut = 1
            /// Someone called `abort()`.
            case aborted
            /// The barrier's action threw an error.
            case actionFailed
            /// Someone called `reset()` while this process was waiting.
            case reset
        }

        /// What broke the barrier.
        public let reason: Reason

        /// Creates the error for `reason`.
        public init(reason: Reason) {
            self.reason = reason
        }

        public var description: String {
            switch reason {
            case .timedOut:
                return "the barrier is broken: a wait timed out before every party arrived; reset() makes it usable again"
            case .aborted:
                return "the barrier is broken: abort() was called; reset() makes it usable again"
            case .actionFailed:
                return "the barrier is broken: its action threw an error; reset() makes it usable again"
            case .reset:
                return "the barrier was reset while this process was waiting at it"
            }
        }
    }
}
