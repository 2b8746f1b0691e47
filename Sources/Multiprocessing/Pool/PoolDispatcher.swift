#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The pool's engine: one thread in the parent that owns the workers.
///
/// It starts the workers, hands them batches of chunks (at most two batches
/// in flight per worker, so each always has its next batch waiting), reads
/// their replies, and watches their sentinels. When a worker dies, the chunk
/// it was running fails with `MP.WorkerLost`, its other chunks go back to the
/// front of the queue, and a fresh worker takes its place, so no call ever
/// waits for a worker that is gone.
///
/// The workers are started from this thread, so their parent-death signal
/// follows its lifetime, which is the pool's.
final class PoolDispatcher: @unchecked Sendable {
    enum Phase { case running, closing, terminating, finished }

    struct PendingChunk {
        let job: PoolJob
        let chunk: TaskChunk
    }

    final class Worker {
        let process: MP.Process
        let connection: MP.Connection
        let sentinel: MP.Sentinel
        let running: MP.Value<RunningChunk>
        var inFlight: [[PendingChunk]] = []
        /// When each batch in flight was sent.
        var sentAt: [Double] = []
        /// How many chunks the next batch may carry (see `adapt`).
        var batchLimit = 1
        var hasAnswered = false

        init(process: MP.Process, connection: MP.Connection, sentinel: MP.Sentinel, running: MP.Value<RunningChunk>) {
            self.process = process
            self.connection = connection
            self.sentinel = sentinel
            self.running = running
        }
    }

    private struct Shared {
        var pending: [PendingChunk] = []
        var phase = Phase.running
    }

    static let maxBatch = 64

    let size: Int
    let context: MP.Context
    let initializer: String?
    let maxTasksPerWorker: Int?
    /// Workers that died in a row without ever answering: a sign that they
    /// cannot start (an initializer that throws), so replacing them is futile.
    private var deathsBeforeAnswering = 0
    private let shared = Locked(Shared())
    private let wakeReceiver: MP.Connection
    private let wakeSender: MP.Connection
    private var workers: [Worker] = []  // the dispatcher thread's alone
    /// Numbers workers across all of this process's pools (PoolWorker-1,
    /// -2, ...), as CPython numbers its pool workers on one counter, so a
    /// worker's name tells which pool, and which generation, it belongs to.
    /// Lock-free, so a forked child that makes a pool never finds it held.
    private static let workerNumbers = Atomic<Int>(0)
    private let startup = ThreadCondition()
    private var startupResult: Result<Void, any Error>?
    /// Set by the creating thread once it waits for the startup (see `init`).
    private var creatorIsWaiting = false
    private var thread = pthread_t()
    private let finished = ThreadCondition()
    private var hasFinished = false

    init(size: Int, context: MP.Context, initializer: String?, maxTasksPerWorker: Int?) throws {
        self.size = size
        self.context = context
        self.initializer = initializer
        self.maxTasksPerWorker = maxTasksPerWorker
        (wakeReceiver, wakeSender) = try MP.Pipe(duplex: false)
        // The workers are forked while this thread waits. A fork copies only
        // the forking thread, and a lock another thread holds at that moment
        // stays locked in the child for ever: the Swift runtime's metadata
        // locks among them (a worker hung on the lock of existential type
        // metadata, about 1 run in 300 under load, when this thread was
        // still making the metadata of `startupResult`'s type). So that
        // metadata is made now, and the dispatcher thread forks only once
        // this thread is blocked in the wait below.
        _ = startupResult
        let box = Unmanaged.passRetained(self)
        let created = pthread_create(&thread, nil, { context in
            let dispatcher = Unmanaged<PoolDispatcher>.fromOpaque(context!).takeRetainedValue()
            dispatcher.run()
            return nil
        }, box.toOpaque())
        guard created == 0 else {
            box.release()
            throw MP.SystemCallError(call: "pthread_create", code: created)
        }
        let result = startup.withLock {
            // The lock is held from here into the wait, which releases it
            // atomically: once the dispatcher thread holds it, this thread
            // is blocked in the kernel.
            creatorIsWaiting = true
            startup.broadcast()
            _ = startup.wait(until: { startupResult != nil }, deadline: Deadline(timeout: nil))
            return startupResult
        }
        if case let .failure(error)? = result {
            pthread_join(thread, nil)
            throw error
        }
    }

    // MARK: Called by the pool's users

    var phase: Phase { shared.withLock { $0.phase } }

    func submit(_ chunks: [PendingChunk]) throws {
        let wasIdle = try shared.withLock { state -> Bool in
            guard state.phase == .running else { throw MP.PoolError.closed }
            defer { state.pending.append(contentsOf: chunks) }
            return state.pending.isEmpty
        }
        // Queued work is always looked at again when the next reply arrives
        // (dispatch leaves work queued only when every worker is busy), so
        // only the first chunk into an empty queue needs a wake-up.
        if wasIdle { wake() }
    }

    func close() {
        shared.withLock { if $0.phase == .running { $0.phase = .closing } }
        wake()
    }

    func terminate() {
        shared.withLock { if $0.phase != .finished { $0.phase = .terminating } }
        wake()
    }

    /// Waits for the dispatcher thread to finish (after close or terminate).
    /// On the dispatcher thread itself (a callback that dropped the last
    /// reference to its pool) it returns at once instead of waiting for itself.
    func join() {
        if pthread_equal(pthread_self(), thread) != 0 { return }
        finished.withLock { _ = finished.wait(until: { hasFinished }, deadline: Deadline(timeout: nil)) }
    }

    private func wake() {
        try? wakeSender.sendBytes([UInt8]())
    }

    // MARK: The dispatcher thread

    private func run() {
        startup.withLock { _ = startup.wait(until: { creatorIsWaiting }, deadline: Deadline(timeout: nil)) }
        do {
            for _ in 0..<size { workers.append(try startWorker()) }
            startup.withLock {
                startupResult = .success(())
                startup.broadcast()
            }
        } catch {
            stopWorkers(kill: true)
            startup.withLock {
                startupResult = .failure(error)
                startup.broadcast()
            }
            markFinished()
            return
        }
        loop()
        markFinished()
    }

    private func loop() {
        while true {
            let phase = self.phase
            if phase == .terminating {
                failEverything(with: MP.PoolError.terminated)
                stopWorkers(kill: true)
                return
            }
            dispatch()
            if phase == .closing && shared.withLock({ $0.pending.isEmpty }) && workers.allSatisfy({ $0.inFlight.isEmpty }) {
                stopWorkers(kill: false)
                return
            }
            var watched: [any MP.Waitable] = [wakeReceiver]
            for worker in workers {
                watched.append(worker.connection)
                watched.append(worker.sentinel)
            }
            guard let ready = try? MP.wait(watched) else { continue }
            if ready.contains(where: { $0 === wakeReceiver }) {
                while (try? wakeReceiver.poll()) == true { _ = try? wakeReceiver.recvBytes() }
            }
            var dead: [Int] = []
            for (index, worker) in workers.enumerated() {
                let readable = ready.contains { $0 === worker.connection }
                let ended = ready.contains { $0 === worker.sentinel }
                if readable && !receiveReplies(from: worker) || ended { dead.append(index) }
            }
            // Highest first: replacing may remove a worker, which shifts the ones after it.
            for index in dead.reversed() { replaceWorker(at: index) }
        }
    }

    /// Reads every waiting reply; false when the worker's end closed.
    private func receiveReplies(from worker: Worker) -> Bool {
        do {
            repeat {
                let reply = try WorkReply(parsing: worker.connection.recvBytes())
                guard !worker.inFlight.isEmpty else { continue }
                worker.hasAnswered = true
                deathsBeforeAnswering = 0
                let answered = Set(reply.results.map { ChunkKey(job: $0.job, index: $0.index) })
                for result in reply.results {
                    guard let job = knownJobs[result.job] else { continue }
                    job.complete(index: result.index, with: result.outcomes)
                    if job.isComplete { knownJobs[result.job] = nil }
                }
                // Answered chunks leave the batch; the final reply retires it,
                // and what it left unanswered (a worker that reached
                // maxTasksPerChild) goes back to the queue.
                worker.inFlight[0].removeAll { answered.contains(ChunkKey(job: $0.job.id, index: $0.chunk.index)) }
                guard reply.isFinal else { continue }
                let unanswered = worker.inFlight.removeFirst()
                adapt(worker, roundTrip: Deadline.now() - worker.sentAt.removeFirst())
                if !unanswered.isEmpty { shared.withLock { $0.pending.insert(contentsOf: unanswered, at: 0) } }
            } while try worker.connection.poll()
            return true
        } catch {
            return false
        }
    }

    struct ChunkKey: Hashable {
        var job: UInt64
        var index: Int
    }

    /// Jobs with chunks out at workers, by id, until they complete.
    private var knownJobs: [UInt64: PoolJob] = [:]

    /// Batches grow while replies come back quickly (trivial tasks: fewer,
    /// larger messages) and shrink when they do not (costly tasks: a worker
    /// holds only a chunk or two, so the last chunks spread over every
    /// worker instead of queueing behind one).
    private func adapt(_ worker: Worker, roundTrip: Double) {
        if roundTrip < 0.001 {
            worker.batchLimit = min(PoolDispatcher.maxBatch, worker.batchLimit * 2)
        } else {
            worker.batchLimit = max(1, worker.batchLimit / 2)
        }
    }

    /// Gives each worker with room a batch from the queue.
    private func dispatch() {
        // Fast tasks keep a second batch waiting at each worker; slow ones
        // hold one chunk at a time, so the last chunks go to idle workers.
        for worker in workers where worker.inFlight.count < (worker.batchLimit > 1 ? 2 : 1) {
            let batch: [PendingChunk] = shared.withLock { state in
                guard !state.pending.isEmpty else { return [] }
                let share = max(1, min(worker.batchLimit, state.pending.count / max(1, workers.count)))
                let taken = Array(state.pending.prefix(share))
                state.pending.removeFirst(taken.count)
                return taken
            }
            if batch.isEmpty { return }
            for item in batch { knownJobs[item.job.id] = item.job }
            do {
                try worker.connection.sendBytes(WorkRequest(chunks: batch.map(\.chunk)).serialized())
                worker.inFlight.append(batch)
                worker.sentAt.append(Deadline.now())
            } catch {
                // The worker is gone; its sentinel will say so. Keep the work.
                shared.withLock { $0.pending.insert(contentsOf: batch, at: 0) }
            }
        }
    }

    /// A worker ended: fail the chunk it was running, requeue the rest, and start another.
    private func replaceWorker(at index: Int) {
        let worker = workers[index]
        _ = try? worker.process.join(timeout: 5)
        let exitCode = worker.process.exitCode ?? -SIGKILL
        let pid = worker.process.pid ?? -1
        let running = worker.running.value
        var requeue: [PendingChunk] = []
        var lostChunks: [PendingChunk] = []
        for item in worker.inFlight.joined() {
            if running.index >= 0 && item.job.id == running.job && item.chunk.index == Int(running.index) {
                lostChunks.append(item)
            } else {
                requeue.append(item)
            }
        }
        // The caller waiting for the lost task is woken only after the
        // replacement is started: under fork, a replacement forked while the
        // caller's thread runs could inherit a runtime lock that thread held
        // (exercise 10 hung in 19 of 300 runs so).
        defer {
            let lost = TaskFailure(MP.WorkerLost(exitCode: exitCode, pid: pid))
            for item in lostChunks {
                item.job.complete(index: item.chunk.index, with: item.chunk.inputs.map { _ in .failure(lost) })
                if item.job.isComplete { knownJobs[item.job.id] = nil }
            }
        }
        shared.withLock { $0.pending.insert(contentsOf: requeue, at: 0) }
        worker.connection.close()
        try? worker.process.close()
        if phase == .terminating {
            workers.remove(at: index)
            return
        }
        if !worker.hasAnswered { deathsBeforeAnswering += 1 }
        if deathsBeforeAnswering >= 3 * size {
            workers.remove(at: index)
            if workers.isEmpty {
                failEverything(with: MP.PoolError.workersKeepFailing(exitCode: exitCode))
                shared.withLock { $0.phase = .closing }
            }
            return
        }
        do {
            workers[index] = try startWorker()
        } catch {
            workers.remove(at: index)
            if workers.isEmpty { failEverything(with: error) }
        }
    }

    private func startWorker() throws -> Worker {
        let number = PoolDispatcher.workerNumbers.add(1, ordering: .relaxed).newValue
        let (mine, theirs) = try MP.Pipe()
        let running = try MP.Value(RunningChunk.notStarted, lock: .none)
        let process = context.process(
            target: PoolWorkerMain.self,
            argument: PoolWorkerOrder(connection: theirs, running: running, initializer: initializer, maxTasks: maxTasksPerWorker),
            name: "PoolWorker-\(number)", daemon: true)
        try process.start()
        theirs.close()
        return Worker(process: process, connection: mine, sentinel: try process.sentinel, running: running)
    }

    private func stopWorkers(kill: Bool) {
        if kill { awaitWorkerStarts(within: 2) }
        for worker in workers {
            if kill {
                try? worker.process.terminate()
            } else {
                try? worker.connection.sendBytes(WorkRequest(chunks: []).serialized())
            }
        }
        for worker in workers {
            if (try? worker.process.join(timeout: kill ? 2 : 10)) != true { try? worker.process.kill() }
            _ = try? worker.process.join()
            worker.connection.close()
            try? worker.process.close()
        }
        workers.removeAll()
    }

    /// Gives workers that have not begun yet a moment to, so that a pool
    /// terminated right after it was made kills processes that already
    /// carry their names (`PoolWorker-N`, what `ps` and a witness show)
    /// rather than copies of the program that are not workers yet.
    private func awaitWorkerStarts(within seconds: Double) {
        let deadline = Deadline(timeout: seconds)
        for worker in workers {
            while worker.running.value.job == RunningChunk.notStarted.job, worker.process.isAlive, !deadline.hasPassed {
                usleep(1_000)
            }
        }
    }

    private func failEverything(with error: any Error) {
        let failure = TaskFailure(error)
        let dropped = shared.withLock { state -> [PendingChunk] in
            defer { state.pending.removeAll() }
            return state.pending
        }
        for item in dropped + workers.flatMap({ $0.inFlight.joined() }) {
            item.job.complete(index: item.chunk.index, with: item.chunk.inputs.map { _ in .failure(failure) })
        }
        for worker in workers {
            worker.inFlight.removeAll()
            worker.sentAt.removeAll()
        }
        knownJobs.removeAll()
    }

    private func markFinished() {
        shared.withLock { $0.phase = .finished }
        finished.withLock {
            hasFinished = true
            finished.broadcast()
        }
    }
}
