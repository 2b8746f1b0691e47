/// One submitted piece of work (a map, an apply, ...): its chunks'
/// outcomes as they arrive, in order of arrival, and who waits for them.
/// Outcomes stay encoded; the typed views decode them in the caller's thread.
final class PoolJob: @unchecked Sendable {
    let id: UInt64
    let chunkCount: Int
    private let condition = ThreadCondition()
    private var outcomes: [[TaskOutcome]?]
    private var arrivals: [Int] = []
    private var onComplete: (() -> Void)?
    private var onChunk: (([TaskOutcome], Bool) -> Void)?

    init(id: UInt64, chunkCount: Int) {
        self.id = id
        self.chunkCount = chunkCount
        outcomes = Array(repeating: nil, count: chunkCount)
    }

    /// Runs once, on the pool's dispatcher thread, when the last chunk
    /// arrives (at once if the job has no chunks).
    func whenComplete(_ action: @escaping () -> Void) {
        let runNow = condition.withLock { () -> Bool in
            if arrivals.count == chunkCount { return true }
            onComplete = action
            return false
        }
        if runNow { action() }
    }

    /// Calls `action` with each chunk's outcomes as they arrive (on the
    /// dispatcher thread; first with those already here), with whether the
    /// chunk was the last.
    func onEachChunk(_ action: @escaping ([TaskOutcome], Bool) -> Void) {
        let already: [[TaskOutcome]] = condition.withLock {
            onChunk = action
            return arrivals.compactMap { outcomes[$0] }
        }
        if chunkCount == 0 { action([], true) }
        for (position, outcome) in already.enumerated() { action(outcome, position == chunkCount - 1) }
    }

    /// Records a chunk's outcomes (the first report wins).
    func complete(index: Int, with results: [TaskOutcome]) {
        let (action, perChunk, isLast): ((() -> Void)?, (([TaskOutcome], Bool) -> Void)?, Bool) = condition.withLock {
            guard outcomes.indices.contains(index), outcomes[index] == nil else { return (nil, nil, false) }
            outcomes[index] = results
            arrivals.append(index)
            condition.broadcast()
            let last = arrivals.count == chunkCount
            guard last else { return (nil, onChunk, false) }
            defer { onComplete = nil }
            return (onComplete, onChunk, true)
        }
        perChunk?(results, isLast)
        action?()
    }

    var isComplete: Bool { condition.withLock { arrivals.count == chunkCount } }

    /// Waits for every chunk; false on timeout.
    func waitForAll(timeout: Double?) -> Bool {
        condition.withLock { condition.wait(until: { arrivals.count == chunkCount }, deadline: Deadline(timeout: timeout)) }
    }

    /// Waits for chunk `index`.
    func waitForChunk(_ index: Int, timeout: Double?) -> [TaskOutcome]? {
        condition.withLock {
            guard condition.wait(until: { outcomes[index] != nil }, deadline: Deadline(timeout: timeout)) else {
                return nil
            }
            return outcomes[index]
        }
    }

    /// Waits for the `position`-th chunk to arrive (in arrival order).
    func waitForArrival(_ position: Int, timeout: Double?) -> [TaskOutcome]? {
        condition.withLock {
            guard condition.wait(until: { arrivals.count > position }, deadline: Deadline(timeout: timeout)) else {
                return nil
            }
            return outcomes[arrivals[position]]
        }
    }

    /// Every outcome in input order (call once complete).
    func allOutcomes() -> [TaskOutcome] {
        condition.withLock { outcomes.flatMap { $0 ?? [] } }
    }
}

extension TaskOutcome {
    func decoded<Output: Decodable>(as type: Output.Type) throws -> Output {
        switch self {
        case let .output(bytes):
            return try MP.WireCoding.binary.decode(type, from: bytes)
        case let .failure(failure):
            throw failure.rebuilt()
        }
    }
}

extension MP {
    /// The future result of `Pool.applyAsync` or `Pool.mapAsync`.
    public final class AsyncResult<Value>: @unchecked Sendable {
        private let job: PoolJob
        private let assemble: ([TaskOutcome]) throws -> Value

        init(job: PoolJob, assemble: @escaping ([TaskOutcome]) throws -> Value) {
            self.job = job
            self.assemble = assemble
        }

        /// Waits for the result and returns it, or throws the task's error
        /// (`PoolError.timedOut` when `timeout` seconds pass first).
        public func get(timeout: Double? = nil) throws -> Value {
            guard job.waitForAll(timeout: timeout) else { throw PoolError.timedOut }
            return try assemble(job.allOutcomes())
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
            return (try? assemble(job.allOutcomes())) != nil
        }
    }

    /// The results of `Pool.imap` (in input order) or `Pool.imapUnordered`
    /// (as they finish), one at a time.
    public final class PoolIterator<Output: Decodable>: @unchecked Sendable, Sequence, IteratorProtocol {
        private let job: PoolJob
        private let ordered: Bool
        private var chunk = 0
        private var buffered: [TaskOutcome] = []

        init(job: PoolJob, ordered: Bool) {
            self.job = job
            self.ordered = ordered
        }

        /// The next result, nil after the last; throws the task's error, or
        /// `PoolError.timedOut` when `timeout` seconds pass first.
        public func next(timeout: Double?) throws -> Output? {
            while buffered.isEmpty {
                guard chunk < job.chunkCount else { return nil }
                let arrived = ordered ? job.waitForChunk(chunk, timeout: timeout) : job.waitForArrival(chunk, timeout: timeout)
                guard let arrived else { throw PoolError.timedOut }
                buffered = arrived.reversed()
                chunk += 1
            }
            return try buffered.removeLast().decoded(as: Output.self)
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
