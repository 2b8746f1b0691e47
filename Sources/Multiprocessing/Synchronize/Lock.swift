#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

extension MP {
    /// A lock shared by processes: Python's `multiprocessing.Lock`.
    ///
    /// Any process (or thread) may release it, not only the one that
    /// acquired it. It is robust: if the holder dies, the next `acquire`
    /// takes it over and throws `AbandonedLockError` to say so.
    ///
    /// ```swift
    /// let lock = try MP.Lock()
    /// try lock.withLock { print("only one process at a time") }
    /// ```
    public final class Lock: SharedObject, @unchecked Sendable {
        let region: SharedRegion
        private var word: UnsafeMutablePointer<mp_shared_lock> { region.pointer(as: mp_shared_lock.self) }

        /// Creates an unlocked lock.
        public convenience init() throws {
            try self.init(region: SharedRegion(size: MemoryLayout<mp_shared_lock>.size, name: "mp-lock"))
        }

        init(region: SharedRegion) throws {
            self.region = region
        }

        /// Acquires the lock. With `block` false, or after `timeout` seconds,
        /// gives up and returns false. Throws `AbandonedLockError` (holding
        /// the lock) when its previous holder died holding it.
        @discardableResult
        public func acquire(block: Bool = true, timeout: Double? = nil) throws -> Bool {
            let previous = mp_shared_lock_owner(word)
            switch Int(mp_shared_lock_acquire(word, cTimeout(block: block, timeout: timeout))) {
            case MP_SYNC_OK: return true
            case MP_SYNC_ABANDONED: throw AbandonedLockError(previousOwner: Int32(bitPattern: previous))
            default: return false
            }
        }

        /// Releases the lock; throws `SynchronizeError.releasedUnlocked` if it was not held.
        public func release() throws {
            if mp_shared_lock_release(word) == Int32(MP_SYNC_NOT_HELD) {
                throw SynchronizeError.releasedUnlocked
            }
        }

        /// Whether some process holds the lock right now.
        public var isLocked: Bool { mp_shared_lock_owner(word) != 0 }

        /// Whether this process holds the lock. A `Lock` records only the
        /// holding process, not the thread (anyone may release it).
        var isHeldByCurrentProcess: Bool { mp_shared_lock_owner(word) == mp_process_id() }

        /// Hands the lock to a child process (see `MP.Process`).
        public func encode(to encoder: any Encoder) throws { try encodeRegion(to: encoder) }

        /// Receives the lock in a child process.
        public convenience init(from decoder: any Decoder) throws {
            try self.init(region: Self.decodeRegion(from: decoder))
        }
    }
}
