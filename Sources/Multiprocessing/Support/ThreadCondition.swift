/// A mutex with one condition variable, for threads of one process waiting
/// for a state change (pool results): a `ThreadsMonitor` with a single
/// condition. See `ThreadLock` for why pthreads rather than `Synchronization`.
final class ThreadCondition: @unchecked Sendable {
    private let monitor = ThreadsMonitor()
    private let condition: ThreadsMonitor.Condition

    init() {
        condition = ThreadsMonitor.Condition(monitor)
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        try monitor.withLock(body)
    }

    /// Waits (holding the lock, inside `withLock`) until `done()` or the
    /// deadline; returns whether `done()` became true.
    func wait(until done: () -> Bool, deadline: Deadline) -> Bool {
        condition.wait(until: done, deadline: deadline)
    }

    /// Wakes every waiter (call inside `withLock`).
    func broadcast() {
        condition.broadcast()
    }
}
