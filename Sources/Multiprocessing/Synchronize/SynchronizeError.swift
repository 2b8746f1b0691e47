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
}
