/// Which chunk a worker is running, written by the worker before each chunk
/// and read by the pool after the worker died: that chunk fails with
/// `WorkerLost`, the worker's other chunks run again elsewhere.
struct RunningChunk: BitwiseCopyable {
    var job: UInt64
    var index: Int64   // -1: none

    /// What the pool writes before the worker starts; the worker replaces
    /// it first thing, once it carries its name.
    static let notStarted = RunningChunk(job: .max, index: -1)
    /// Started, and running nothing.
    static let idle = RunningChunk(job: 0, index: -1)
}

struct PoolWorkerOrder: Codable {
    var connection: MP.Connection
    var running: MP.Value<RunningChunk>
    /// The initializer's mangled name, if any.
    var initializer: String?
    /// Retire after this many tasks (nil: never).
    var maxTasks: Int?
}

/// A pool task as the worker runs it: one encoded input in, one outcome out.
typealias WorkerTask = ([UInt8]) -> TaskOutcome

/// The loop every pool worker runs: take a batch of chunks, run them, send
/// back their results, until told to stop or the pool goes away.
enum PoolWorkerMain: MP.ProcessTarget {
    static func run(_ order: PoolWorkerOrder) throws {
        order.running.value = .idle
        if let name = order.initializer {
            guard let initializer = _typeByName(name) as? any MP.PoolInitializer.Type else {
                throw MP.PoolError.taskNotFindable(name)
            }
            try initializer.initialize()
        }
        var tasks: [String: WorkerTask] = [:]
        var done = 0
        while true {
            let request: WorkRequest
            do {
                request = try WorkRequest(parsing: order.connection.recvBytes())
            } catch is MP.EOFError {
                return
            }
            if request.chunks.isEmpty { return }
            var results: [ChunkResult] = []
            results.reserveCapacity(request.chunks.count)
            var lastReply = Deadline.now()
            for chunk in request.chunks {
                if !results.isEmpty && Deadline.now() - lastReply > 0.001 {
                    try order.connection.sendBytes(WorkReply(results: results, isFinal: false).serialized())
                    results.removeAll(keepingCapacity: true)
                    lastReply = Deadline.now()
                }
                // A retiring worker answers only the chunks it ran; the pool
                // sends the rest to other workers.
                if let limit = order.maxTasks, done >= limit { break }
                order.running.value = RunningChunk(job: chunk.job, index: Int64(chunk.index))
                let outcomes: [TaskOutcome]
                if let task = resolve(chunk.task, in: &tasks) {
                    outcomes = chunk.inputs.map(task)
                } else {
                    let failure = TaskFailure(MP.PoolError.taskNotFindable(chunk.task))
                    outcomes = chunk.inputs.map { _ in .failure(failure) }
                }
                done += chunk.inputs.count
                results.append(ChunkResult(job: chunk.job, index: chunk.index, outcomes: outcomes))
                // An error goes back at once: the caller may be failing fast.
                if outcomes.contains(where: { if case .failure = $0 { true } else { false } }) {
                    try order.connection.sendBytes(WorkReply(results: results, isFinal: false).serialized())
                    results.removeAll(keepingCapacity: true)
                    lastReply = Deadline.now()
                }
            }
            order.running.value = .idle
            try order.connection.sendBytes(WorkReply(results: results).serialized())
            if let limit = order.maxTasks, done >= limit { return }
        }
    }

    private static func resolve(_ name: String, in cache: inout [String: WorkerTask]) -> WorkerTask? {
        if let known = cache[name] { return known }
        let type = _typeByName(name)
        let task: WorkerTask
        if let single = type as? any MP.PoolTask.Type {
            task = runner(single)
        } else if let pair = type as? any MP.PoolPairTask.Type {
            task = runner(pair)
        } else {
            return nil
        }
        cache[name] = task
        return task
    }

    private static func runner<Task: MP.PoolTask>(_ task: Task.Type) -> WorkerTask {
        { bytes in outcome { try Task.run(try MP.WireCoding.binary.decode(Task.Input.self, from: bytes)) } }
    }

    private static func runner<Task: MP.PoolPairTask>(_ task: Task.Type) -> WorkerTask {
        { bytes in
            outcome {
                let pair = try MP.WireCoding.binary.decode(TaskPair<Task.First, Task.Second>.self, from: bytes)
                return try Task.run(pair.first, pair.second)
            }
        }
    }

    /// Runs a task and encodes its output; an error, or an output that cannot
    /// be encoded, fails this task alone.
    private static func outcome<Output: Encodable>(_ body: () throws -> Output) -> TaskOutcome {
        do {
            return .output(try MP.WireCoding.binary.encode(try body()))
        } catch {
            return .failure(TaskFailure(error))
        }
    }
}

extension TaskFailure {
    /// Records `error` so the pool can rebuild it: as the same type when it
    /// is `Codable` and findable by name, otherwise as a `RemoteError`.
    init(_ error: any Error) {
        let type = type(of: error)
        mangledType = _mangledTypeName(type)
        readableType = String(reflecting: type)
        message = "\(error)"
        encoded = (error as? any Encodable).flatMap { try? TaskFailure.encode($0) }
    }

    /// Opens the existential value so the generic encoder can take it.
    private static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        try MP.WireCoding.binary.encode(value)
    }

    /// The error as the caller should see it.
    func rebuilt() -> any Error {
        if let mangledType, let encoded, let type = _typeByName(mangledType) as? any Decodable.Type,
           let error = try? TaskFailure.decode(type, from: encoded) as? any Error {
            return error
        }
        return MP.RemoteError(typeName: readableType, message: message)
    }

    /// Opens the existential type so the generic decoder can take it.
    private static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try MP.WireCoding.binary.decode(type, from: bytes)
    }
}
