extension MP.Threads {
    /// A pool of threads that run tasks: the twin of `MP.Pool`, and Python's
    /// `multiprocessing.dummy.Pool` (`multiprocessing.pool.ThreadPool`).
    ///
    /// It takes the same task types (`MP.PoolTask`, `MP.PoolPairTask`,
    /// `MP.PoolInitializer`), and its methods have the same names, labels
    /// and errors, so a program moves from processes to threads by changing
    /// one line:
    ///
    /// ```swift
    /// let pool = try MP.Pool(processes: 4)           // worker processes
    /// let pool = try MP.Threads.Pool(processes: 4)   // worker threads
    /// print(try pool.map(Square.self, Array(0..<6)))  // [0, 1, 4, 9, 16, 25] either way
    /// ```
    ///
    /// What differs, because threads share one process:
    /// - **No copying.** An input reaches the task as it is, and the output
    ///   comes back as it is: nothing is encoded, sent through a pipe and
    ///   decoded (the `Codable` of `PoolTask` is simply not used). A class
    ///   instance is shared, not copied, which is why inputs and outputs
    ///   must be `Sendable` here.
    /// - **Shared memory for free.** A task can read (and, with a lock,
    ///   change) anything the program can reach; there is no
    ///   `MP.Value`/`MP.Array` to set up.
    /// - **Errors come back as thrown.** The very error the task threw
    ///   reaches the caller, whatever its type (the process pool rebuilds
    ///   `Codable` errors and turns others into `MP.RemoteError`).
    /// - **Any task type works**, nested or generic: no worker has to find
    ///   it by name, so `PoolError.taskNotFindable` never happens.
    /// - **No isolation.** A task that crashes (a failed `precondition`, a
    ///   force-unwrapped nil) ends the whole program, so there is no
    ///   `MP.WorkerLost`; and a thread cannot be stopped from outside, so
    ///   `terminate()` fails only the tasks that have not started: running
    ///   tasks finish first.
    /// - **Swift has no GIL.** Python's threads take turns holding one
    ///   interpreter lock, so CPU-bound Python code gains nothing from
    ///   `ThreadPool`; Swift threads run on every core at once, so CPU-bound
    ///   tasks do speed up here.
    /// - A task type must not be bound to an actor (`SendableMetatype`, which
    ///   every plain top-level or nested type is): its `run` is called on
    ///   the pool's threads.
    ///
    /// Callbacks (`applyAsync`, `mapAsync`) run on the pool thread that
    /// finished the work: keep them short.
    public final class Pool: @unchecked Sendable {
        private let engine: ThreadPoolEngine

        /// The number of threads (called `processes` as in Python's `ThreadPool`).
        public var processes: Int { engine.size }

        /// Starts the threads.
        /// - Parameters:
        ///   - processes: how many threads; defaults to the CPUs this process may use.
        ///   - initializer: runs once in each new thread before its first task;
        ///     a thread whose initializer throws ends (its error on standard
        ///     error) and another takes its place, until `3 * processes` have
        ///     failed in a row: then the pool stops and its tasks fail with
        ///     `PoolError.workersKeepFailing`.
        ///   - maxTasksPerChild: a thread retires after this many tasks and a
        ///     fresh one takes its place (chunks are not split, so it may run
        ///     a few more); nil keeps threads for the pool's life.
        public init(
            processes: Int? = nil, initializer: (any MP.PoolInitializer.Type)? = nil, maxTasksPerChild: Int? = nil
        ) throws {
            let count = processes ?? MP.usableCPUCount
            guard count > 0 else { throw MP.PoolError.invalidProcessCount(count) }
            if let maxTasksPerChild, maxTasksPerChild < 1 { throw MP.PoolError.invalidMaxTasks(maxTasksPerChild) }
            engine = try ThreadPoolEngine(size: count, initializer: initializer, maxTasksPerThread: maxTasksPerChild)
        }

        deinit {
            engine.terminate()
            engine.join()
        }

        // MARK: Blocking forms

        /// Runs `task` on every input and returns the outputs in input order.
        /// If any task throws, `map` throws the first error in input order,
        /// after every task has finished (as CPython does); with `failFast`
        /// it throws the first error to arrive, at once.
        public func map<Task: MP.PoolTask>(
            _ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil, failFast: Bool = false
        ) throws -> [Task.Output] where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable {
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let (job, outcomes) = try submit(inputs, chunkSize: size, tracking: .completion) { try Task.run($0) }
            if failFast {
                _ = job.waitForAllOrFailure(timeout: nil)
                if let chunk = job.firstFailure {
                    for index in (chunk * size)..<min(inputs.count, (chunk + 1) * size) {
                        if case let .failure(error) = outcomes.outcome(at: index) { throw error }
                    }
                }
            }
            _ = job.waitForAll(timeout: nil)
            return try outcomes.all()
        }

        /// Runs a two-argument task on every pair: Python's `starmap`.
        public func starmap<Task: MP.PoolPairTask>(
            _ task: Task.Type, _ pairs: [(Task.First, Task.Second)], chunkSize: Int? = nil
        ) throws -> [Task.Output] where Task: SendableMetatype, Task.First: Sendable, Task.Second: Sendable, Task.Output: Sendable {
            let inputs = pairs.map { SendablePair(first: $0.0, second: $0.1) }
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let (job, outcomes) = try submit(inputs, chunkSize: size, tracking: .completion) {
                try Task.run($0.first, $0.second)
            }
            _ = job.waitForAll(timeout: nil)
            return try outcomes.all()
        }

        /// Runs `task` on one input and returns its output.
        public func apply<Task: MP.PoolTask>(_ task: Task.Type, _ input: Task.Input) throws -> Task.Output
            where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            try applyAsync(task, input).get()
        }

        /// The outputs one at a time, in input order, as they become available.
        ///
        /// Iterating yields a `Result` per input, so that one task's error
        /// does not end the loop; unwrap it with `get()`:
        /// ```swift
        /// for result in try pool.imap(Square.self, [1, 2, 3]) {
        ///     print(try result.get())
        /// }
        /// ```
        /// `next(timeout:)` returns the output itself and throws the task's error.
        public func imap<Task: MP.PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1) throws
            -> PoolIterator<Task.Output> where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            let (job, outcomes) = try submit(inputs, chunkSize: chunkSize, tracking: .ordered) { try Task.run($0) }
            return PoolIterator(job: job, outcomes: outcomes, chunkSize: chunkSize, ordered: true)
        }

        /// The outputs one at a time, in the order the tasks finish. Like
        /// `imap`, iterating yields a `Result` per input (`try result.get()`).
        public func imapUnordered<Task: MP.PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1)
            throws -> PoolIterator<Task.Output> where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            let (job, outcomes) = try submit(inputs, chunkSize: chunkSize, tracking: .unordered) { try Task.run($0) }
            return PoolIterator(job: job, outcomes: outcomes, chunkSize: chunkSize, ordered: false)
        }

        // MARK: Asynchronous results

        /// Starts `task` on one input and returns at once. `callback` (or
        /// `errorCallback`, if the task throws) runs exactly once, on the
        /// pool thread that ran the task, when the result is ready.
        public func applyAsync<Task: MP.PoolTask>(
            _ task: Task.Type, _ input: Task.Input,
            callback: (@Sendable (Task.Output) -> Void)? = nil,
            errorCallback: (@Sendable (any Error) -> Void)? = nil
        ) throws -> AsyncResult<Task.Output> where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable {
            let (job, outcomes) = try submit([input], chunkSize: 1, tracking: .completion) { try Task.run($0) }
            let result = AsyncResult(job: job) { try outcomes.outcome(at: 0).get() }
            notify(result, job: job, callback: callback, errorCallback: errorCallback)
            return result
        }

        /// Starts `map` and returns at once; the callbacks work as for `applyAsync`.
        public func mapAsync<Task: MP.PoolTask>(
            _ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil,
            callback: (@Sendable ([Task.Output]) -> Void)? = nil,
            errorCallback: (@Sendable (any Error) -> Void)? = nil
        ) throws -> AsyncResult<[Task.Output]> where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable {
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let (job, outcomes) = try submit(inputs, chunkSize: size, tracking: .completion) { try Task.run($0) }
            let result = AsyncResult(job: job) { try outcomes.all() }
            notify(result, job: job, callback: callback, errorCallback: errorCallback)
            return result
        }

        // MARK: Swift concurrency

        /// `map` for `async` code: suspends instead of blocking a thread.
        public func map<Task: MP.PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil) async throws
            -> [Task.Output] where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let (job, outcomes) = try submit(inputs, chunkSize: size, tracking: .completion) { try Task.run($0) }
            return try await Pool.completion(of: job) { try outcomes.all() }
        }

        /// `apply` for `async` code: suspends instead of blocking a thread.
        public func apply<Task: MP.PoolTask>(_ task: Task.Type, _ input: Task.Input) async throws -> Task.Output
            where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            let (job, outcomes) = try submit([input], chunkSize: 1, tracking: .completion) { try Task.run($0) }
            return try await Pool.completion(of: job) { try outcomes.outcome(at: 0).get() }
        }

        /// The outputs as an `AsyncSequence`, in the order the tasks finish;
        /// iterating throws a task's error where it arrives.
        public func unorderedResults<Task: MP.PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1)
            throws -> AsyncThrowingStream<Task.Output, any Error> where Task: SendableMetatype, Task.Input: Sendable, Task.Output: Sendable
        {
            guard chunkSize >= 1 else { throw MP.PoolError.invalidChunkSize(chunkSize) }
            let (stream, continuation) = AsyncThrowingStream<Task.Output, any Error>.makeStream()
            let outcomes = ThreadTaskOutcomes<Task.Output>(count: inputs.count)
            let count = inputs.count
            let (job, _) = try submit(inputs, chunkSize: chunkSize, outcomes: outcomes, tracking: .callback { chunk in
                for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) {
                    switch outcomes.outcome(at: index) {
                    case let .success(output): continuation.yield(output)
                    case let .failure(error):
                        continuation.finish(throwing: error)
                        return
                    }
                }
            }) { try Task.run($0) }
            job.whenComplete { continuation.finish() }
            return stream
        }

        private static func completion<Value: Sendable>(of job: ThreadJob, _ assemble: @escaping @Sendable () throws -> Value)
            async throws -> Value
        {
            try await withCheckedThrowingContinuation { continuation in
                job.whenComplete { continuation.resume(with: Result { try assemble() }) }
            }
        }

        // MARK: Ending

        /// Takes no new work (later calls throw `PoolError.closed`); the
        /// threads finish what was submitted, then end.
        public func close() {
            engine.close()
        }

        /// Takes no new work; tasks that have not started fail with
        /// `PoolError.terminated`. Unlike the process pool's, it cannot stop
        /// a task that is running (nothing can stop a thread from outside):
        /// running tasks finish, then the threads end.
        public func terminate() {
            engine.terminate()
        }

        /// Waits for the threads to end; only after `close()` or `terminate()`
        /// (`PoolError.stillOpen` otherwise). Every thread the pool started is
        /// gone when it returns.
        public func join() throws {
            guard engine.phase != .running else { throw MP.PoolError.stillOpen }
            engine.join()
        }

        // MARK: Internals

        private func defaultChunkSize(for count: Int) -> Int {
            MP.Pool.defaultChunkSize(count: count, processes: processes)
        }

        private func submit<Input: Sendable, Output: Sendable>(
            _ inputs: [Input], chunkSize: Int, outcomes: ThreadTaskOutcomes<Output>? = nil,
            tracking: ThreadJob.Tracking, run: @escaping @Sendable (Input) throws -> Output
        ) throws -> (ThreadJob, ThreadTaskOutcomes<Output>) {
            guard chunkSize >= 1 else { throw MP.PoolError.invalidChunkSize(chunkSize) }
            let outcomes = outcomes ?? ThreadTaskOutcomes<Output>(count: inputs.count)
            let count = inputs.count
            let job = ThreadJob(
                chunkCount: (count + chunkSize - 1) / chunkSize, tracking: tracking,
                runChunk: { chunk in
                    let range = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                    var failed = false
                    for index in range {
                        do {
                            outcomes.store(output: try run(inputs[index]), at: index)
                        } catch {
                            outcomes.store(error: error, at: index)
                            failed = true
                        }
                    }
                    return (range.count, failed)
                },
                failChunk: { chunk, error in
                    for index in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) {
                        outcomes.store(error: error, at: index)
                    }
                })
            try engine.submit(job)
            return (job, outcomes)
        }

        private func notify<Value>(
            _ result: AsyncResult<Value>, job: ThreadJob,
            callback: (@Sendable (Value) -> Void)?, errorCallback: (@Sendable (any Error) -> Void)?
        ) {
            guard callback != nil || errorCallback != nil else { return }
            job.whenComplete {
                do {
                    let value = try result.get(timeout: 0)
                    callback?(value)
                } catch {
                    errorCallback?(error)
                }
            }
        }
    }

    /// Runs `body` with a new thread pool: the twin of `MP.withPool`. When
    /// `body` returns, the pool finishes the work it was given and its
    /// threads end; when `body` throws, the pool is terminated. Either way
    /// no thread of the pool is left when it returns.
    public static func withPool<Result>(
        processes: Int? = nil, initializer: (any MP.PoolInitializer.Type)? = nil, maxTasksPerChild: Int? = nil,
        _ body: (Pool) throws -> Result
    ) throws -> Result {
        let pool = try Pool(processes: processes, initializer: initializer, maxTasksPerChild: maxTasksPerChild)
        do {
            let result = try body(pool)
            pool.close()
            try pool.join()
            return result
        } catch {
            pool.terminate()
            try? pool.join()
            throw error
        }
    }
}

/// The two arguments of a `PoolPairTask`, as one input.
private struct SendablePair<First: Sendable, Second: Sendable>: Sendable {
    var first: First
    var second: Second
}
