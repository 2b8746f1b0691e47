import CMultiprocessing

extension MP {
    /// A re-entrant lock shared by processes: the thread that holds it may
    /// acquire it again, and must release it as many times. Unlike `Lock`,
    /// only the holder may release it (`SynchronizeError.notOwner`).
    public final class RLock: SharedObject, @unchecked Sendable {
        let region: SharedRegion
        @usableFromInline let state: UnsafeMutablePointer<mp_recursive_lock>

        /// Creates an unlocked re-entrant lock.
        public convenience init() throws {
            try self.init(region: SharedRegion(size: MemoryLayout<mp_recursive_lock>.size, name: "mp-rlock"))
        }

        init(region: SharedRegion) throws {
            self.region = region
            state = region.pointer(as: mp_recursive_lock.self)
        }

        /// Acquires the lock (again, if this thread holds it already).
        /// Returns false when `block` is false or `timeout` passes first;
        /// throws `AbandonedLockError`, holding the lock, when its holder died.
        @discardableResult
        public func acquire(block: Bool = true, timeout: Double? = nil) throws -> Bool {
            let previous = mp_shared_lock_owner(&state.pointee.lock)
            switch Int(mp_recursive_lock_acquire(state, cTimeout(block: block, timeout: timeout))) {
            case MP_SYNC_OK: return true
            case MP_SYNC_ABANDONED: throw AbandonedLockError(previousOwner: Int32(bitPattern: previous))
            default: return false
            }
        }

        /// Releases one level; the lock is free again after as many releases as acquires.
        public func release() throws {
            switch Int(mp_recursive_lock_release(state)) {
            case MP_SYNC_OK: return
            case MP_SYNC_NOT_HELD: throw SynchronizeError.releasedUnlocked
            default: throw SynchronizeError.notOwner
            }
        }

        /// Whether the calling thread holds the lock.
        public var isHeldByCurrentThread: Bool { mp_recursive_lock_is_mine(state) != 0 }

        /// Releases every level at once (for `Condition.wait`); returns the depth.
        func releaseFully() throws -> UInt32 {
            guard isHeldByCurrentThread else { throw SynchronizeError.notOwner }
            let depth = state.pointee.depth
            state.pointee.depth = 1
            try release()
            return depth
        }

        /// Re-acquires after `releaseFully`, restoring the depth.
        func acquireRestoring(depth: UInt32) throws {
            defer { state.pointee.depth = depth }
            try acquire()
        }

        /// Hands the lock to a child process.
        public func encode(to encoder: any Encoder) throws { try encodeRegion(to: encoder) }

        /// Receives the lock in a child process.
        public convenience init(from decoder: any Decoder) throws {
            try self.init(region: Self.decodeRegion(from: decoder))
        }
    }
}
