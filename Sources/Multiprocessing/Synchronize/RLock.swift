#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The shared state of a re-entrant lock: the underlying lock, the thread
/// that holds it and how many times.
struct RecursiveLockState {
    var lock = mp_shared_lock()
    var ownerThread: UInt32 = 0
    var depth: UInt32 = 0
}

extension MP {
    /// A re-entrant lock shared by processes: the thread that holds it may
    /// acquire it again, and must release it as many times. Unlike `Lock`,
    /// only the holder may release it (`SynchronizeError.notOwner`).
    public final class RLock: SharedObject, @unchecked Sendable {
        let region: SharedRegion
        private var state: UnsafeMutablePointer<RecursiveLockState> { region.pointer(as: RecursiveLockState.self) }
        private var lockWord: UnsafeMutablePointer<mp_shared_lock> {
            UnsafeMutableRawPointer(state).assumingMemoryBound(to: mp_shared_lock.self)
        }

        /// Creates an unlocked re-entrant lock.
        public convenience init() throws {
            try self.init(region: SharedRegion(size: MemoryLayout<RecursiveLockState>.size, name: "mp-rlock"))
        }

        init(region: SharedRegion) throws {
            self.region = region
        }

        /// Acquires the lock (again, if this thread holds it already).
        /// Returns false when `block` is false or `timeout` passes first.
        @discardableResult
        public func acquire(block: Bool = true, timeout: Double? = nil) throws -> Bool {
            let me = currentThreadID()
            if mp_shared_lock_owner(lockWord) == mp_process_id() && state.pointee.ownerThread == me {
                state.pointee.depth += 1
                return true
            }
            let previous = mp_shared_lock_owner(lockWord)
            let result = mp_shared_lock_acquire(lockWord, cTimeout(block: block, timeout: timeout))
            guard result == Int32(MP_SYNC_OK) || result == Int32(MP_SYNC_ABANDONED) else { return false }
            state.pointee.ownerThread = me
            state.pointee.depth = 1
            if result == Int32(MP_SYNC_ABANDONED) {
                throw AbandonedLockError(previousOwner: Int32(bitPattern: previous))
            }
            return true
        }

        /// Releases one level; the lock is free again after as many releases as acquires.
        public func release() throws {
            guard isHeldByCurrentThread else {
                throw mp_shared_lock_owner(lockWord) == 0 ? SynchronizeError.releasedUnlocked : SynchronizeError.notOwner
            }
            state.pointee.depth -= 1
            if state.pointee.depth == 0 {
                state.pointee.ownerThread = 0
                _ = mp_shared_lock_release(lockWord)
            }
        }

        /// Whether the calling thread holds the lock.
        public var isHeldByCurrentThread: Bool {
            mp_shared_lock_owner(lockWord) == mp_process_id() && state.pointee.ownerThread == currentThreadID()
        }

        /// Releases every level at once (for `Condition.wait`); returns the depth.
        func releaseFully() throws -> UInt32 {
            guard isHeldByCurrentThread else { throw SynchronizeError.notOwner }
            let depth = state.pointee.depth
            state.pointee.depth = 0
            state.pointee.ownerThread = 0
            _ = mp_shared_lock_release(lockWord)
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
