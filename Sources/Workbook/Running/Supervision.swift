import Foundation
import Synchronization

/// The second thread of a run: it reads the example's output while the
/// witness follows the run on the tracer thread, and stops the run when its
/// time is up (SIGTERM to every process of the run, then SIGKILL after the
/// grace period).
final class Supervision: @unchecked Sendable {
    private var collectors: [OutputCollector]
    private let deadline: ContinuousClock.Instant
    private let grace: Duration
    private let witness: Witness
    private let stop = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// Set by the supervising thread, read after `finish()`.
    private(set) var timedOut = false
    /// The pids still alive when the time ran out.
    private(set) var aliveAtTimeout: [Int32] = []

    init(collectors: [OutputCollector], deadline: ContinuousClock.Instant, grace: Duration, witness: Witness) {
        self.collectors = collectors
        self.deadline = deadline
        self.grace = grace
        self.witness = witness
    }

    func start() {
        let thread = Thread { [self] in
            supervise()
            finished.signal()
        }
        thread.start()
    }

    /// Stops the thread and hands back the collectors (still open: the
    /// caller drains what is left).
    func finish() -> [OutputCollector] {
        stop.store(true, ordering: .releasing)
        finished.wait()
        return collectors
    }

    private func supervise() {
        var killAt: ContinuousClock.Instant?
        var killed = false
        while !stop.load(ordering: .acquiring) {
            collectors.pollAndRead(milliseconds: 10)
            let now = ContinuousClock.now
            if !timedOut, now >= deadline {
                timedOut = true
                aliveAtTimeout = witness.alivePids()
                witness.signalAll(SIGTERM)
                killAt = now + grace
            } else if let killAt, !killed, now >= killAt {
                witness.signalAll(SIGKILL)
                killed = true
            }
        }
    }
}
