extension MP {
    /// A lock that processes share: `MP.Lock` or `MP.RLock`. `MP.Value`,
    /// `MP.Array` and `MP.Condition` accept either.
    public protocol SharedLock: AnyObject, Sendable, Codable {
        /// Acquires; returns false when `block` is false or `timeout` passes first.
        @discardableResult
        func acquire(block: Bool, timeout: Double?) throws -> Bool
        /// Releases.
        func release() throws
    }
}

extension MP.SharedLock {
    /// Runs `body` while holding the lock, and always releases it. When the
    /// previous holder died holding the lock, releases it again and throws
    /// `MP.AbandonedLockError` without running `body`.
    public func withLock<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            try acquire(block: true, timeout: nil)
        } catch let error as MP.AbandonedLockError {
            try? release()
            throw error
        }
        defer { try? release() }
        return try body()
    }
}

extension MP.Lock: MP.SharedLock {}
extension MP.RLock: MP.SharedLock {}

/// Which lock guards a shared value, as it crosses into a child.
enum SharedLockKind: String, Codable {
    case embedded, none, lock, rlock
}
