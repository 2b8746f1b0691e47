#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with a condition variable, for threads of one process
/// waiting for a state change (pool results). See `ThreadLock` for why
/// pthreads rather than `Synchronization`.
final class ThreadCondition: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits (holding the lock, inside `withLock`) until `done()` or the
    /// deadline; returns whether `done()` became true.
    func wait(until done: () -> Bool, deadline: Deadline) -> Bool {
        while !done() {
            guard let remaining = deadline.remaining else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            if remaining <= 0 { return false }
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let target = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + remaining
            var until = timespec(tv_sec: Int(target), tv_nsec: Int((target - target.rounded(.down)) * 1e9))
            pthread_cond_timedwait(condition, mutex, &until)
        }
        return true
    }

    /// Wakes every waiter (call inside `withLock`).
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}
