import Synchronization

/// One piece of work submitted to a thread pool (a map, an apply, ...),
/// split in chunks that the pool's threads claim one at a time.
///
/// Why it is built on atomics: with chunk size 1 and a trivial task, a lock
/// taken per task is most of the cost (and what makes CPython's thread pool
/// slow: its threads meet at a queue's lock for every task). Here a thread
/// claims a chunk with one atomic increment of `nextChunk`, runs it, and
/// writes the results into the chunk's own slots, which no other thread
/// touches. Progress is published with an atomic add; the lock is taken
/// only when someone is known to be waiting (`waiters`), and once at the
/// end to wake the waiters and run the completion callbacks.
///
/// A `map` (tracking `.completion`) publishes a thread's finished chunks
/// only when the thread runs out of chunks to claim, or at once for a chunk
/// that failed (a `failFast` map is waiting for it): nobody reads partial
/// progress of a map. `imap` and `imapUnordered` publish every chunk, in
/// input order (`chunkDone`) or in order of arrival (`arrivals`).
final class ThreadJob: @unchecked Sendable {
    enum Tracking {
        /// Only completion is waited for.
        case completion
        /// Each chunk is waited for in input order.
        case ordered
        /// Chunks are waited for in the order they finish.
        case unordered
        /// `callback` runs with each chunk's index as it finishes, on the
        /// thread that ran it, before the job can complete.
        case callback(@Sendable (Int) -> Void)
    }

    let chunkCount: Int
    private let tracking: Tracking
    private let runChunk: @Sendable (Int) -> (tasks: Int, failed: Bool)
    private let failChunk: @Sendable (Int, any Error) -> Void

    private let nextChunk = Atomic<Int>(0)
    private let finishedChunks = Atomic<Int>(0)
    private let waiters = Atomic<Int>(0)
    private let firstFailedChunk = Atomic<Int>(-1)
    private let arrivalTickets = Atomic<Int>(0)
    /// `.ordered`: 1 once chunk i is finished.
    private let chunkDone: UnsafeMutablePointer<Atomic<Int>>?
    /// `.unordered`: at position p, 1 + the index of the p-th chunk to finish (0: not yet).
    private let arrivals: UnsafeMutablePointer<Atomic<Int>>?

    private let monitor = ThreadsMonitor()
    private let changed: ThreadsMonitor.Condition
    private var completionActions: [@Sendable () -> Void] = []  // guarded by monitor

    init(
        chunkCount: Int, tracking: Tracking,
        runChunk: @escaping @Sendable (Int) -> (tasks: Int, failed: Bool),
        failChunk: @escaping @Sendable (Int, any Error) -> Void
    ) {
        self.chunkCount = chunkCount
        self.tracking = tracking
        self.runChunk = runChunk
        self.failChunk = failChunk
        changed = ThreadsMonitor.Condition(monitor)
        func flags() -> UnsafeMutablePointer<Atomic<Int>> {
            let pointer = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: max(1, chunkCount))
            for index in 0..<chunkCount { (pointer + index).initialize(to: Atomic(0)) }
            return pointer
        }
        switch tracking {
        case .ordered: (chunkDone, arrivals) = (flags(), nil)
        case .unordered: (chunkDone, arrivals) = (nil, flags())
        case .completion, .callback: (chunkDone, arrivals) = (nil, nil)
        }
    }

    deinit {
        for pointer in [chunkDone, arrivals].compactMap({ $0 }) {
            pointer.deinitialize(count: chunkCount)
            pointer.deallocate()
        }
    }

    // MARK: The pool's threads

    /// Whether every chunk has been claimed (by a thread, or by `terminate`).
    var isExhausted: Bool { nextChunk.load(ordering: .relaxed) >= chunkCount }

    /// The most chunks a thread claims at once (see `work`).
    static let maxBlock = 64

    /// Claims and runs chunks until none is left or `taskLimit` tasks ran;
    /// returns how many tasks ran. `threads` is the pool's size.
    ///
    /// A thread claims a block of consecutive chunks with one atomic add.
    /// Blocks grow (doubling, up to `maxBlock`) while they take under 50 µs
    /// and shrink when one takes over a millisecond, and never exceed half
    /// of what is left divided among the threads: trivial tasks cost one
    /// atomic add per block instead of per task, and the threads write
    /// results far apart instead of side by side in one cache line, while
    /// costly tasks go one at a time, so the last ones spread over every
    /// thread. Measured with 2 threads mapping a trivial task with chunk
    /// size 1 (release build): about 10 million tasks/s claiming chunks one
    /// by one, most of the cost two cores passing the counter's cache line
    /// back and forth; about 28 million with blocks.
    func work(taskLimit: Int?, threads: Int) -> Int {
        var ran = 0
        var unpublished = 0
        var blockLimit = 1
        while taskLimit.map({ ran < $0 }) ?? true {
            let claimed = nextChunk.load(ordering: .relaxed)
            guard claimed < chunkCount else { break }
            var want = max(1, Swift.min(blockLimit, (chunkCount - claimed) / (2 * max(1, threads))))
            if let taskLimit { want = Swift.min(want, taskLimit - ran) }
            let first = nextChunk.wrappingAdd(want, ordering: .relaxed).oldValue
            guard first < chunkCount else { break }
            let started = Deadline.now()
            for chunk in first..<Swift.min(chunkCount, first + want) {
                let (tasks, failed) = runChunk(chunk)
                ran += tasks
                if case .completion = tracking, !failed {
                    unpublished += 1
                    continue
                }
                if failed {
                    _ = firstFailedChunk.compareExchange(expected: -1, desired: chunk, ordering: .sequentiallyConsistent)
                }
                record(chunk)
                publish(unpublished + 1)
                unpublished = 0
            }
            let elapsed = Deadline.now() - started
            if elapsed < 0.000_05 {
                blockLimit = Swift.min(ThreadJob.maxBlock, blockLimit * 2)
            } else if elapsed > 0.001 {
                blockLimit = max(1, blockLimit / 2)
            }
        }
        if unpublished > 0 { publish(unpublished) }
        return ran
    }

    /// Fails every chunk no thread has claimed yet (`Pool.terminate`).
    func failUnclaimed(with error: any Error) {
        while true {
            let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            guard chunk < chunkCount else { return }
            failChunk(chunk, error)
            _ = firstFailedChunk.compareExchange(expected: -1, desired: chunk, ordering: .sequentiallyConsistent)
            record(chunk)
            publish(1)
        }
    }

    private func record(_ chunk: Int) {
        switch tracking {
        case .completion: break
        case .ordered: chunkDone?[chunk].store(1, ordering: .sequentiallyConsistent)
        case .unordered:
            let position = arrivalTickets.wrappingAdd(1, ordering: .relaxed).oldValue
            arrivals?[position].store(chunk + 1, ordering: .sequentiallyConsistent)
        case let .callback(callback): callback(chunk)
        }
    }

    /// Counts `count` more chunks finished; wakes waiters only if there are
    /// any (the counter is written before `waiters` is read, and a waiter
    /// counts itself before it reads the counter, both sequentially
    /// consistent, so one of the two always sees the other).
    private func publish(_ count: Int) {
        let total = finishedChunks.wrappingAdd(count, ordering: .sequentiallyConsistent).newValue
        if total == chunkCount {
            let actions = monitor.withLock { () -> [@Sendable () -> Void] in
                changed.broadcast()
                defer { completionActions = [] }
                return completionActions
            }
            for action in actions { action() }
        } else if waiters.load(ordering: .sequentiallyConsistent) > 0 {
            monitor.withLock { changed.broadcast() }
        }
    }

    // MARK: Callers waiting for results

    var isComplete: Bool { finishedChunks.load(ordering: .sequentiallyConsistent) >= chunkCount }

    /// The index of the first chunk that failed to arrive, if any has.
    var firstFailure: Int? {
        let chunk = firstFailedChunk.load(ordering: .sequentiallyConsistent)
        return chunk >= 0 ? chunk : nil
    }

    /// Runs `action` once, when the last chunk finishes: on the pool thread
    /// that finished it, or at once (on this thread) if the job is complete.
    func whenComplete(_ action: @escaping @Sendable () -> Void) {
        let runNow = monitor.withLock { () -> Bool in
            if isComplete { return true }
            completionActions.append(action)
            return false
        }
        if runNow { action() }
    }

    /// Waits for every chunk; false on timeout.
    func waitForAll(timeout: Double?) -> Bool {
        wait(timeout: timeout) { isComplete }
    }

    /// Waits for every chunk or the first failure; false on timeout.
    func waitForAllOrFailure(timeout: Double?) -> Bool {
        wait(timeout: timeout) { isComplete || firstFailure != nil }
    }

    /// Waits for chunk `index` (`.ordered` jobs); false on timeout.
    func waitForChunk(_ index: Int, timeout: Double?) -> Bool {
        guard let chunkDone else { return waitForAll(timeout: timeout) }
        return wait(timeout: timeout) { chunkDone[index].load(ordering: .sequentiallyConsistent) != 0 }
    }

    /// Waits for the `position`-th chunk to finish (`.unordered` jobs) and
    /// returns its index; nil on timeout.
    func waitForArrival(_ position: Int, timeout: Double?) -> Int? {
        guard let arrivals else { return waitForAll(timeout: timeout) ? position : nil }
        guard wait(timeout: timeout, until: { arrivals[position].load(ordering: .sequentiallyConsistent) != 0 }) else {
            return nil
        }
        return arrivals[position].load(ordering: .sequentiallyConsistent) - 1
    }

    private func wait(timeout: Double?, until ready: () -> Bool) -> Bool {
        if ready() { return true }
        return monitor.withLock {
            waiters.wrappingAdd(1, ordering: .sequentiallyConsistent)
            defer { waiters.wrappingSubtract(1, ordering: .sequentiallyConsistent) }
            return changed.wait(until: ready, deadline: Deadline(timeout: timeout))
        }
    }
}

/// The results of one job, one slot per input, each written once by the
/// thread that ran the input's chunk and read once the chunk is published.
///
/// Why outputs and errors are kept apart: the pool's methods are generic
/// and not specialized for the caller's task (they live in another module),
/// so every use of a `Result<Output, any Error>?` slot asked the Swift
/// runtime for that type's metadata: measured, that lookup was most of the
/// cost of a trivial task. Outputs go in a buffer of `Output` (which needs
/// only `Output`'s own metadata, already at hand), a byte per slot says what
/// it holds, and the errors, which are rare, wait in a dictionary.
final class ThreadTaskOutcomes<Output>: @unchecked Sendable {
    let count: Int
    private let outputs: UnsafeMutablePointer<Output>
    /// Per slot: 0 nothing yet, 1 an output, 2 an error.
    private let states: UnsafeMutablePointer<UInt8>
    private let errors = Locked<[Int: any Error]>([:])

    init(count: Int) {
        self.count = count
        outputs = .allocate(capacity: max(1, count))
        states = .allocate(capacity: max(1, count))
        states.initialize(repeating: 0, count: max(1, count))
    }

    deinit {
        for index in 0..<count where states[index] == 1 { (outputs + index).deinitialize(count: 1) }
        outputs.deallocate()
        states.deallocate()
    }

    func store(output: consuming Output, at index: Int) {
        (outputs + index).initialize(to: output)
        states[index] = 1
    }

    func store(error: any Error, at index: Int) {
        errors.withLock { $0[index] = error }
        states[index] = 2
    }

    func outcome(at index: Int) -> Result<Output, any Error> {
        switch states[index] {
        case 1: return .success(outputs[index])
        case 2: return .failure(errors.withLock { $0[index] } ?? MP.PoolError.terminated)
        default: return .failure(MP.PoolError.terminated)
        }
    }

    /// Every output in input order, or the first error in input order.
    func all() throws -> [Output] {
        if let index = (0..<count).first(where: { states[$0] != 1 }) { _ = try outcome(at: index).get() }
        return Array(UnsafeBufferPointer(start: outputs, count: count))
    }
}

extension MP.Threads {
    /// The future result of `MP.Threads.Pool.applyAsync` or `mapAsync`: the
    /// twin of `MP.AsyncResult`, with the same methods.
    ///
    /// What differs: the value is the one the task returned (no copy, no
    /// decoding), and an error is the very error the task threw.
    public final class AsyncResult<Value>: @unchecked Sendable {
        private let job: ThreadJob
        private let assemble: () throws -> Value

        init(job: ThreadJob, assemble: @escaping () throws -> Value) {
            self.job = job
            self.assemble = assemble
        }

        /// Waits for the result and returns it, or throws the task's error
        /// (`PoolError.timedOut` when `timeout` seconds pass first).
        public func get(timeout: Double? = nil) throws -> Value {
            guard job.waitForAll(timeout: timeout) else { throw MP.PoolError.timedOut }
            return try assemble()
        }

        /// Waits until the result is ready or `timeout` passes; returns whether it is.
        @discardableResult
        public func wait(timeout: Double? = nil) -> Bool {
            job.waitForAll(timeout: timeout)
        }

        /// Whether the result has arrived.
        public var isReady: Bool { job.isComplete }

        /// Whether it arrived without an error; nil while not ready.
        public var isSuccessful: Bool? {
            guard job.isComplete else { return nil }
            return (try? assemble()) != nil
        }
    }

    /// The results of `MP.Threads.Pool.imap` (in input order) or
    /// `imapUnordered` (as they finish), one at a time: the twin of
    /// `MP.PoolIterator`. Iterating yields a `Result` per input; `next(timeout:)`
    /// returns the output itself and throws the task's error.
    public final class PoolIterator<Output>: @unchecked Sendable, Sequence, IteratorProtocol {
        private let job: ThreadJob
        private let outcomes: ThreadTaskOutcomes<Output>
        private let chunkSize: Int
        private let ordered: Bool
        private var chunk = 0
        private var pending: Range<Int> = 0..<0

        init(job: ThreadJob, outcomes: ThreadTaskOutcomes<Output>, chunkSize: Int, ordered: Bool) {
            self.job = job
            self.outcomes = outcomes
            self.chunkSize = chunkSize
            self.ordered = ordered
        }

        /// The next result, nil after the last; throws the task's error, or
        /// `PoolError.timedOut` when `timeout` seconds pass first.
        public func next(timeout: Double?) throws -> Output? {
            while pending.isEmpty {
                guard chunk < job.chunkCount else { return nil }
                let arrived: Int?
                if ordered {
                    arrived = job.waitForChunk(chunk, timeout: timeout) ? chunk : nil
                } else {
                    arrived = job.waitForArrival(chunk, timeout: timeout)
                }
                guard let arrived else { throw MP.PoolError.timedOut }
                pending = (arrived * chunkSize)..<Swift.min(outcomes.count, (arrived + 1) * chunkSize)
                chunk += 1
            }
            let index = pending.removeFirst()
            return try outcomes.outcome(at: index).get()
        }

        /// The next result as a `Result` (for `for result in iterator`), nil after the last.
        public func next() -> Result<Output, any Error>? {
            do {
                guard let value = try next(timeout: nil) else { return nil }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
    }
}
