#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex, used instead of `Synchronization.Mutex` everywhere in
/// the library.
///
/// Why: on Linux, `Synchronization.Mutex` is a priority-inheritance futex
/// that records its owner's thread id, and the standard library caches that
/// id in a thread-local variable. A forked child inherits the cache, so it
/// locks with its *parent's* thread id, and the kernel then refuses the
/// unlock ("Call to unlock Mutex on a thread which hasn't acquired the
/// lock"): measured here with a child of a forkserver child. glibc updates
/// its own record of the thread id at fork, so pthread mutexes keep working
/// in forked children.
final class ThreadLock: @unchecked Sendable {
    /// The mutex itself, for condition variables to wait with (`ThreadsMonitor`).
    let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A value that is only read or changed while holding its lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = ThreadLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try lock.withLock { try body(&value) }
    }
}
