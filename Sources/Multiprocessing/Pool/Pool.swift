#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// A pool of worker processes that run tasks: Python's
    /// `multiprocessing.Pool`, for named tasks (`MP.PoolTask`).
    ///
    /// ```swift
    /// try MP.withPool(processes: 4) { pool in
    ///     print(try pool.map(Square.self, Array(0..<6)))   // [0, 1, 4, 9, 16, 25]
    /// }
    /// ```
    ///
    /// A worker that dies (a crash, `SIGKILL`, `exit` inside a task) fails
    /// only the task it was running, with `WorkerLost`; a new worker takes its
    /// place and every other task completes. No call waits for a dead worker.
    public final class Pool: @unchecked Sendable {
        private let dispatcher: PoolDispatcher
        private let jobNumbers = Locked<UInt64>(0)
        private let taskNames = Locked<[ObjectIdentifier: String]>([:])

        /// The number of worker processes.
        public var processes: Int { dispatcher.size }

        /// Starts the workers.
        /// - Parameters:
        ///   - processes: how many; defaults to the CPUs this process may use.
        ///   - initializer: runs once in each new worker before its first task.
        ///   - maxTasksPerChild: a worker retires after this many tasks and a
        ///     fresh one takes its place (chunks are not split, so it may run a
        ///     few more); nil keeps workers for the pool's life.
        ///   - context: the start method; defaults to the program's.
        public init(
            processes: Int? = nil, initializer: (any PoolInitializer.Type)? = nil, maxTasksPerChild: Int? = nil,
            context: Context? = nil
        ) throws {
            let count = processes ?? MP.usableCPUCount
            guard count > 0 else { throw PoolError.invalidProcessCount(count) }
            if let maxTasksPerChild, maxTasksPerChild < 1 { throw PoolError.invalidMaxTasks(maxTasksPerChild) }
            var initializerName: String?
            if let initializer {
                guard let name = TypeNames.findableName(of: initializer) else {
                    throw PoolError.taskNotFindable(String(reflecting: initializer))
                }
                initializerName = name
            }
            dispatcher = try PoolDispatcher(
                size: count, context: context ?? MP.context(), initializer: initializerName,
                maxTasksPerWorker: maxTasksPerChild)
        }

        deinit {
            dispatcher.terminate()
            dispatcher.join()
        }

        // MARK: Blocking forms

        /// Runs `task` on every input and returns the outputs in input order.
        /// If any task throws, `map` throws the first error in input order,
        /// after every task has finished, so the same inputs give the same
        /// error whatever the timing. (CPython 3.11 and 3.13 also wait for
        /// every task, but raise the first error to arrive.) With `failFast`
        /// it throws the first error to arrive, at once.
        public func map<Task: PoolTask>(
            _ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil, failFast: Bool = false
        ) throws -> [Task.Output] {
            guard failFast else { return try mapAsync(task, inputs, chunkSize: chunkSize).get() }
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let job = try submit(task, encoded: inputs, chunkSize: size)
            for position in 0..<job.chunkCount {
                for case let .failure(failure) in job.waitForArrival(position, timeout: nil) ?? [] {
                    throw failure.rebuilt()
                }
            }
            return try job.allOutcomes().map { try $0.decoded(as: Task.Output.self) }
        }

        /// Runs a two-argument task on every pair: Python's `starmap`.
        public func starmap<Task: PoolPairTask>(
            _ task: Task.Type, _ pairs: [(Task.First, Task.Second)], chunkSize: Int? = nil
        ) throws -> [Task.Output] {
            let inputs = pairs.map { TaskPair(first: $0.0, second: $0.1) }
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let job = try submit(task, encoded: inputs, chunkSize: size)
            _ = job.waitForAll(timeout: nil)
            return try job.allOutcomes().map { try $0.decoded(as: Task.Output.self) }
        }

        // MARK: Swift concurrency

        /// `map` for `async` code: suspends instead of blocking a thread.
        public func map<Task: PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil) async throws
            -> [Task.Output] where Task.Output: Sendable
        {
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let job = try submit(task, encoded: inputs, chunkSize: size)
            return try await Pool.completion(of: job) { try $0.map { try $0.decoded(as: Task.Output.self) } }
        }

        /// `apply` for `async` code: suspends instead of blocking a thread.
        public func apply<Task: PoolTask>(_ task: Task.Type, _ input: Task.Input) async throws -> Task.Output
            where Task.Output: Sendable
        {
            let job = try submit(task, encoded: [input], chunkSize: 1)
            return try await Pool.completion(of: job) { outcomes in
                guard let first = outcomes.first else { throw PoolError.terminated }
                return try first.decoded(as: Task.Output.self)
            }
        }

        /// The outputs as an `AsyncSequence`, in the order the tasks finish;
        /// iterating throws a task's error where it arrives.
        public func unorderedResults<Task: PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1) throws
            -> AsyncThrowingStream<Task.Output, any Error> where Task.Output: Sendable
        {
            let job = try submit(task, encoded: inputs, chunkSize: chunkSize)
            let (stream, continuation) = AsyncThrowingStream<Task.Output, any Error>.makeStream()
            job.onEachChunk { outcomes, isLast in
                for outcome in outcomes {
                    do {
                        continuation.yield(try outcome.decoded(as: Task.Output.self))
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                if isLast { continuation.finish() }
            }
            return stream
        }

        private static func completion<Value: Sendable>(of job: PoolJob, _ assemble: @escaping ([TaskOutcome]) throws -> Value)
            async throws -> Value
        {
            try await withCheckedThrowingContinuation { continuation in
                let resume = UncheckedBox(continuation)
                job.whenComplete {
                    resume.value.resume(with: Result { try assemble(job.allOutcomes()) })
                }
            }
        }

        /// Runs `task` on one input and returns its output.
        public func apply<Task: PoolTask>(_ task: Task.Type, _ input: Task.Input) throws -> Task.Output {
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
        public func imap<Task: PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1) throws
            -> PoolIterator<Task.Output>
        {
            PoolIterator(job: try submit(task, encoded: inputs, chunkSize: chunkSize), ordered: true)
        }

        /// The outputs one at a time, in the order the tasks finish. Like
        /// `imap`, iterating yields a `Result` per input (`try result.get()`).
        public func imapUnordered<Task: PoolTask>(_ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int = 1) throws
            -> PoolIterator<Task.Output>
        {
            PoolIterator(job: try submit(task, encoded: inputs, chunkSize: chunkSize), ordered: false)
        }

        // MARK: Asynchronous results

        /// Starts `task` on one input and returns at once. `callback` (or
        /// `errorCallback`, if the task throws) runs exactly once, on the
        /// pool's own thread, when the result arrives.
        public func applyAsync<Task: PoolTask>(
            _ task: Task.Type, _ input: Task.Input,
            callback: (@Sendable (Task.Output) -> Void)? = nil,
            errorCallback: (@Sendable (any Error) -> Void)? = nil
        ) throws -> AsyncResult<Task.Output> {
            let job = try submit(task, encoded: [input], chunkSize: 1)
            let result = AsyncResult(job: job) { outcomes in
                guard let first = outcomes.first else { throw PoolError.terminated }
                return try first.decoded(as: Task.Output.self)
            }
            notify(result, job: job, callback: callback, errorCallback: errorCallback)
            return result
        }

        /// Starts `map` and returns at once; the callbacks work as for `applyAsync`.
        public func mapAsync<Task: PoolTask>(
            _ task: Task.Type, _ inputs: [Task.Input], chunkSize: Int? = nil,
            callback: (@Sendable ([Task.Output]) -> Void)? = nil,
            errorCallback: (@Sendable (any Error) -> Void)? = nil
        ) throws -> AsyncResult<[Task.Output]> {
            let size = chunkSize ?? defaultChunkSize(for: inputs.count)
            let job = try submit(task, encoded: inputs, chunkSize: size)
            let result = AsyncResult(job: job) { outcomes in
                try outcomes.map { try $0.decoded(as: Task.Output.self) }
            }
            notify(result, job: job, callback: callback, errorCallback: errorCallback)
            return result
        }

        // MARK: Ending

        /// Takes no new work; the workers finish what was submitted, then stop.
        public func close() {
            dispatcher.close()
        }

        /// Stops the workers at once; unfinished tasks fail with `PoolError.terminated`.
        public func terminate() {
            dispatcher.terminate()
        }

        /// Waits for the workers to stop; only after `close()` or `terminate()`.
        public func join() throws {
            guard dispatcher.phase != .running else { throw PoolError.stillOpen }
            dispatcher.join()
        }

        /// `map`'s default chunk size for this pool's workers.
        private func defaultChunkSize(for count: Int) -> Int {
            Pool.defaultChunkSize(count: count, processes: processes)
        }

        /// The default chunk size of `map`: inputs split in about 128 chunks
        /// per worker (so up to 128 inputs per worker go one by one). CPython
        /// splits in 4; this pool sends several chunks per message, so small
        /// chunks cost little, and they balance tasks of uneven cost far
        /// better: the last, largest chunk no longer runs alone while the
        /// other workers idle.
        static func defaultChunkSize(count: Int, processes: Int) -> Int {
            let (size, extra) = count.quotientAndRemainder(dividingBy: processes * 128)
            return max(1, size + (extra > 0 ? 1 : 0))
        }

        // MARK: Internals

        private func submit<Input: Encodable>(_ task: Any.Type, encoded inputs: [Input], chunkSize: Int) throws -> PoolJob {
            guard chunkSize >= 1 else { throw PoolError.invalidChunkSize(chunkSize) }
            let name = try taskName(task)
            let encoded = try inputs.map { try WireCoding.binary.encode($0) }
            let id = jobNumbers.withLock { number -> UInt64 in
                number += 1
                return number
            }
            let chunkCount = (encoded.count + chunkSize - 1) / chunkSize
            let job = PoolJob(id: id, chunkCount: chunkCount)
            let chunks = (0..<chunkCount).map { index in
                let slice = encoded[(index * chunkSize)..<min(encoded.count, (index + 1) * chunkSize)]
                return PoolDispatcher.PendingChunk(
                    job: job, chunk: TaskChunk(job: id, index: index, task: name, inputs: Swift.Array(slice)))
            }
            if !chunks.isEmpty { try dispatcher.submit(chunks) }
            return job
        }

        /// The task's mangled name, checked once per type to find the type again.
        private func taskName(_ task: Any.Type) throws -> String {
            let key = ObjectIdentifier(task)
            if let known = taskNames.withLock({ $0[key] }) { return known }
            guard let name = TypeNames.findableName(of: task) else {
                throw PoolError.taskNotFindable(String(reflecting: task))
            }
            taskNames.withLock { $0[key] = name }
            return name
        }

        private func notify<Value>(
            _ result: AsyncResult<Value>, job: PoolJob,
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

    /// Runs `body` with a new pool. When `body` returns, the pool finishes
    /// the work it was given and stops; when `body` throws, the pool is
    /// terminated. Either way no worker is left running.
    public static func withPool<Result>(
        processes: Int? = nil, initializer: (any PoolInitializer.Type)? = nil, maxTasksPerChild: Int? = nil,
        context: Context? = nil, _ body: (Pool) throws -> Result
    ) throws -> Result {
        let pool = try Pool(
            processes: processes, initializer: initializer, maxTasksPerChild: maxTasksPerChild, context: context)
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
