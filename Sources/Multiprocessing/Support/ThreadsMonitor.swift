#if canImport(Glibc)
import Glibc
#endif

/// A `ThreadLock` with any number of condition variables on it: what the
/// threads twin's queue, event, pool and process wait with, and what
/// `ThreadCondition` is made of.
///
/// `ThreadCondition` has one condition; a queue wants two (not empty, not
/// full) so that a `put` wakes a getter and never a waiting putter.
/// pthreads rather than `Synchronization.Mutex` for the reason given on
/// `ThreadLock`.
final class ThreadsMonitor: @unchecked Sendable {
    private let lock = ThreadLock()

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try lock.withLock(body)
    }

    /// A condition variable of this monitor; wait on it only inside `withLock`.
    final class Condition: @unchecked Sendable {
        private let condition: UnsafeMutablePointer<pthread_cond_t>
        private unowned let monitor: ThreadsMonitor

        init(_ monitor: ThreadsMonitor) {
            self.monitor = monitor
            condition = .allocate(capacity: 1)
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }

        /// Waits (inside `withLock`) until `done()` or the deadline; returns
        /// whether `done()` became true.
        func wait(until done: () -> Bool, deadline: Deadline) -> Bool {
            while !done() {
                guard let remaining = deadline.remaining else {
                    pthread_cond_wait(condition, monitor.lock.mutex)
                    continue
                }
                if remaining <= 0 { return false }
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let target = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + remaining
                var until = timespec(tv_sec: Int(target), tv_nsec: Int((target - target.rounded(.down)) * 1e9))
                pthread_cond_timedwait(condition, monitor.lock.mutex, &until)
            }
            return true
        }

        /// Wakes one waiter (call inside `withLock`).
        func signal() { pthread_cond_signal(condition) }

        /// Wakes every waiter (call inside `withLock`).
        func broadcast() { pthread_cond_broadcast(condition) }
    }
}
