#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The threads of an `MP.Threads.Pool` and the jobs they take work from.
///
/// Jobs wait in submission order. A thread takes the job at the front and
/// claims its chunks until every chunk is claimed; then the job leaves the
/// queue (the threads still running its last chunks finish them). So the
/// engine's lock is taken once per job a thread starts on, not per task.
final class ThreadPoolEngine: @unchecked Sendable {
    enum Phase { case running, closing, terminating }

    let size: Int
    private let initializer: (any MP.PoolInitializer.Type)?
    private let maxTasksPerThread: Int?

    private let monitor = ThreadsMonitor()
    private let workArrived: ThreadsMonitor.Condition
    private var jobs: [ThreadJob?] = []
    private var head = 0
    private var phaseValue = Phase.running
    private var idle = 0
    /// Every thread ever started, in order; `join` joins them in this order.
    private var threads: [pthread_t] = []
    private var threadNumber = 0
    private var liveThreads = 0
    /// Threads that ended in a row without running a task (an initializer
    /// that throws): past `3 * size` the pool stops replacing them.
    private var failuresBeforeWork = 0

    private let joining = ThreadLock()
    private var joinedCount = 0  // guarded by joining

    init(size: Int, initializer: (any MP.PoolInitializer.Type)?, maxTasksPerThread: Int?) throws {
        self.size = size
        self.initializer = initializer
        self.maxTasksPerThread = maxTasksPerThread
        workArrived = ThreadsMonitor.Condition(monitor)
        do {
            try monitor.withLock {
                for _ in 0..<size { try startThread() }
            }
        } catch {
            terminate()
            join()
            throw error
        }
    }

    var phase: Phase { monitor.withLock { phaseValue } }

    // MARK: Called by the pool's users

    func submit(_ job: ThreadJob) throws {
        try monitor.withLock {
            guard phaseValue == .running else { throw MP.PoolError.closed }
            jobs.append(job)
            if idle > 0 {
                if job.chunkCount > 1 { workArrived.broadcast() } else { workArrived.signal() }
            }
        }
    }

    func close() {
        monitor.withLock {
            if phaseValue == .running { phaseValue = .closing }
            workArrived.broadcast()
        }
    }

    /// Fails every chunk not yet claimed; running chunks finish (a thread
    /// cannot be stopped from outside), then the threads end.
    func terminate() {
        let dropped = monitor.withLock { () -> [ThreadJob] in
            phaseValue = .terminating
            workArrived.broadcast()
            defer {
                jobs = []
                head = 0
            }
            return jobs[head...].compactMap { $0 }
        }
        for job in dropped { job.failUnclaimed(with: MP.PoolError.terminated) }
    }

    /// Waits for every thread of the pool to end (after close or terminate).
    /// A pool thread calling it (a callback that dropped the last reference
    /// to its pool) does not wait for itself: it detaches itself instead.
    func join() {
        joining.withLock {
            while true {
                let next: pthread_t? = monitor.withLock {
                    joinedCount < threads.count ? threads[joinedCount] : nil
                }
                guard let next else { return }
                if pthread_equal(next, pthread_self()) != 0 {
                    pthread_detach(next)
                } else {
                    pthread_join(next, nil)
                }
                joinedCount += 1
            }
        }
    }

    // MARK: The pool's threads

    /// Starts one more thread (inside `monitor.withLock`).
    private func startThread() throws {
        threadNumber += 1
        let name = "PoolThread-\(threadNumber)"
        let thread = try ThreadsSupport.startThread(name: name, identity: ThreadIdentity(name: name, daemon: true)) {
            [self] in run()
        }
        threads.append(thread)
        liveThreads += 1
    }

    private func run() {
        if let initializer {
            do {
                try initializer.initialize()
            } catch {
                let name = ThreadsSupport.currentIdentity()?.name ?? "PoolThread"
                fflush(nil)
                mp_write_standard_error("Thread \(name) failed with \(String(reflecting: type(of: error))): \(error)\n")
                ended(ranTasks: false)
                return
            }
        }
        var done = 0
        while let job = nextJob() {
            done += job.work(taskLimit: maxTasksPerThread.map { $0 - done }, threads: size)
            if let limit = maxTasksPerThread, done >= limit { break }
        }
        ended(ranTasks: done > 0)
    }

    /// The job to work on, waiting for one; nil when the thread should end.
    private func nextJob() -> ThreadJob? {
        monitor.withLock {
            while true {
                while head < jobs.count, jobs[head]?.isExhausted ?? true {
                    jobs[head] = nil
                    head += 1
                }
                if head >= 64 && head * 2 >= jobs.count {
                    jobs.removeFirst(head)
                    head = 0
                }
                if head < jobs.count, let job = jobs[head] { return job }
                if phaseValue != .running { return nil }
                idle += 1
                _ = workArrived.wait(
                    until: { head < jobs.count || phaseValue != .running }, deadline: Deadline(timeout: nil))
                idle -= 1
            }
        }
    }

    /// A thread is ending: replaced if it retired (maxTasksPerChild) or
    /// failed its initializer while work may still come.
    private func ended(ranTasks: Bool) {
        let stranded = monitor.withLock { () -> [ThreadJob] in
            liveThreads -= 1
            failuresBeforeWork = ranTasks ? 0 : failuresBeforeWork + 1
            let workLeft = head < jobs.count
            let wanted = phaseValue == .running || (phaseValue == .closing && workLeft)
            guard wanted else { return [] }
            if failuresBeforeWork < 3 * size, (try? startThread()) != nil { return [] }
            guard liveThreads == 0 else { return [] }
            // Nobody is left to run the work: fail it, as the process pool does.
            phaseValue = .closing
            workArrived.broadcast()
            defer {
                jobs = []
                head = 0
            }
            return jobs[head...].compactMap { $0 }
        }
        for job in stranded { job.failUnclaimed(with: MP.PoolError.workersKeepFailing(exitCode: 1)) }
    }
}
