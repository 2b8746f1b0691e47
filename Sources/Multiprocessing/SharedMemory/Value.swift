import CMultiprocessing

extension MP {
    /// How a shared value or array is guarded.
    public enum LockChoice: Sendable {
        /// Its own re-entrant lock, as in Python (the default).
        case own
        /// No lock: every process reads and writes the memory directly
        /// (Python's `RawValue`/`RawArray`, or `lock=False`).
        case none
        /// A lock the caller supplies, for example one shared by several values.
        case shared(any SharedLock)
    }

    /// One value of a trivial type in memory shared by processes: Python's
    /// `multiprocessing.Value`.
    ///
    /// Reading or writing `value` takes the lock each time, but `v.value += 1`
    /// is a read and then a write, so another process can slip in between
    /// (a lost update). Use `withLock` for a read-modify-write:
    ///
    /// ```swift
    /// let counter = try MP.Value<Int32>(0)
    /// try counter.withLock { $0 += 1 }
    /// ```
    public final class Value<T: BitwiseCopyable>: @unchecked Sendable, Codable {
        @usableFromInline let storage: SharedStorage<T>

        /// Creates a shared value holding `initial`.
        public init(_ initial: T, lock: LockChoice = .own) throws {
            storage = try SharedStorage(count: 1, lock: lock)
            storage.elements.initialize(to: initial)
        }

        /// The value. Each read and each write takes the lock on its own.
        @inlinable
        public var value: T {
            get { storage.locked { $0[0] } }
            set { storage.locked { $0[0] = newValue } }
        }

        /// Runs `body` on the value while holding the lock (directly when
        /// there is no lock), so a read-modify-write is never interrupted.
        @inlinable
        public func withLock<Result>(_ body: (inout T) throws -> Result) throws -> Result {
            try storage.withLock { try body(&$0[0]) }
        }

        /// The lock guarding the value (Python's `get_lock()`), nil for `.none`.
        public var lock: (any SharedLock)? { storage.lock }

        /// Hands the value to a child process.
        public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

        /// Receives the value in a child process.
        public init(from decoder: any Decoder) throws {
            storage = try SharedStorage(from: decoder)
        }
    }
}

/// Elements of a trivial type in shared memory, behind an optional lock:
/// the storage of `MP.Value` and `MP.Array`.
///
/// Layout of the region: the embedded lock's state, then the elements at
/// the next multiple of 16 bytes (or of the element's alignment).
@usableFromInline
final class SharedStorage<T: BitwiseCopyable>: @unchecked Sendable {
    let region: SharedRegion
    @usableFromInline let elements: UnsafeMutablePointer<T>
    @usableFromInline let count: Int
    @usableFromInline let lock: (any MP.SharedLock)?
    /// The embedded lock, when the storage has its own: used directly on
    /// the hot path instead of through `lock`'s dynamic dispatch.
    @usableFromInline let ownLock: UnsafeMutablePointer<mp_recursive_lock>?
    let lockKind: SharedLockKind

    static var elementsOffset: Int {
        let alignment = max(16, MemoryLayout<T>.alignment)
        return (MemoryLayout<mp_recursive_lock>.size + alignment - 1) / alignment * alignment
    }

    init(count: Int, lock choice: MP.LockChoice) throws {
        region = try SharedRegion(
            size: Self.elementsOffset + max(1, count) * MemoryLayout<T>.stride, name: "mp-shared-value")
        self.count = count
        elements = region.pointer(at: Self.elementsOffset, as: T.self)
        switch choice {
        case .own:
            lock = try MP.RLock(region: region)
            lockKind = .embedded
        case .none:
            lock = nil
            lockKind = .none
        case let .shared(given):
            lock = given
            lockKind = given is MP.RLock ? .rlock : .lock
        }
        ownLock = lockKind == .embedded ? region.pointer(as: mp_recursive_lock.self) : nil
    }

    /// Runs `body` under the lock; an abandoned lock is taken over silently.
    @inlinable
    func locked<Result>(_ body: (UnsafeMutablePointer<T>) -> Result) -> Result {
        if let ownLock {
            _ = mp_recursive_lock_acquire(ownLock, -1)
            defer { _ = mp_recursive_lock_release(ownLock) }
            return body(elements)
        }
        guard let lock else { return body(elements) }
        _ = try? lock.acquire(block: true, timeout: nil)
        defer { try? lock.release() }
        return body(elements)
    }

    @inlinable
    func withLock<Result>(_ body: (UnsafeMutablePointer<T>) throws -> Result) throws -> Result {
        if let ownLock {
            let previous = ownLock.pointee.lock.owner
            if mp_recursive_lock_acquire(ownLock, -1) == Int32(MP_SYNC_ABANDONED) {
                _ = mp_recursive_lock_release(ownLock)
                throw MP.AbandonedLockError(previousOwner: Int32(bitPattern: previous))
            }
            defer { _ = mp_recursive_lock_release(ownLock) }
            return try body(elements)
        }
        guard let lock else { return try body(elements) }
        return try lock.withLock { try body(elements) }
    }

    private enum CodingKeys: String, CodingKey {
        case region, count, stride, lockKind, lock, rlock
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(SharedRegionHandle(region, for: encoder), forKey: .region)
        try container.encode(count, forKey: .count)
        try container.encode(MemoryLayout<T>.stride, forKey: .stride)
        try container.encode(lockKind, forKey: .lockKind)
        if let lock = lock as? MP.Lock { try container.encode(lock, forKey: .lock) }
        if lockKind == .rlock, let lock = lock as? MP.RLock { try container.encode(lock, forKey: .rlock) }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let stride = try container.decode(Int.self, forKey: .stride)
        guard stride == MemoryLayout<T>.stride else {
            throw DecodingError.dataCorruptedError(
                forKey: .stride, in: container,
                debugDescription: "the shared memory holds \(stride)-byte elements, not \(T.self)")
        }
        region = try container.decode(SharedRegionHandle.self, forKey: .region).attach(for: decoder)
        count = try container.decode(Int.self, forKey: .count)
        elements = region.pointer(at: Self.elementsOffset, as: T.self)
        lockKind = try container.decode(SharedLockKind.self, forKey: .lockKind)
        switch lockKind {
        case .embedded: lock = try MP.RLock(region: region)
        case .none: lock = nil
        case .lock: lock = try container.decode(MP.Lock.self, forKey: .lock)
        case .rlock: lock = try container.decode(MP.RLock.self, forKey: .rlock)
        }
        ownLock = lockKind == .embedded ? region.pointer(as: mp_recursive_lock.self) : nil
    }
}
