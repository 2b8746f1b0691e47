/// Which chunk a worker is running, written by the worker before each chunk
/// and read by the pool after the worker died: that chunk fails with
/// `WorkerLost`, the worker's other chunks run again elsewhere.
struct RunningChunk: BitwiseCopyable {
    var job: UInt64
    var index: Int64   // -1: none
}

struct PoolWorkerOrder: Codable {
    var connection: MP.Connection
    var running: MP.Value<RunningChunk>
}

/// The loop every pool worker runs: take a batch of chunks, run them, send
/// back their results, until told to stop or the pool goes away.
enum PoolWorkerMain: MP.ProcessTarget {
    static func run(_ order: PoolWorkerOrder) throws {
        var tasks: [String: any MP.PoolTask.Type] = [:]
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
            for chunk in request.chunks {
                order.running.value = RunningChunk(job: chunk.job, index: Int64(chunk.index))
                let outcomes: [TaskOutcome]
                if let task = resolve(chunk.task, in: &tasks) {
                    outcomes = chunk.inputs.map { runOne(task, $0) }
                } else {
                    let failure = TaskFailure(MP.PoolError.taskNotFindable(chunk.task))
                    outcomes = chunk.inputs.map { _ in .failure(failure) }
                }
                results.append(ChunkResult(job: chunk.job, index: chunk.index, outcomes: outcomes))
            }
            order.running.value = RunningChunk(job: 0, index: -1)
            try order.connection.sendBytes(WorkReply(results: results).serialized())
        }
    }

    private static func resolve(_ name: String, in cache: inout [String: any MP.PoolTask.Type]) -> (any MP.PoolTask.Type)? {
        if let known = cache[name] { return known }
        guard let task = _typeByName(name) as? any MP.PoolTask.Type else { return nil }
        cache[name] = task
        return task
    }

    private static func runOne<Task: MP.PoolTask>(_ task: Task.Type, _ bytes: [UInt8]) -> TaskOutcome {
        do {
            let input = try bytes.withUnsafeBytes { try MP.WireCoding.binary.decode(Task.Input.self, from: $0) }
            let output = try Task.run(input)
            return .output(try MP.WireCoding.binary.encode(output))
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

    private static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        try MP.WireCoding.binary.encode(value)
    }

    /// The error as the caller should see it.
    func rebuilt() -> any Error {
        if let mangledType, let encoded, let type = _typeByName(mangledType) as? any Decodable.Type,
           let error = try? TaskFailure.decode(type, encoded) as? any Error {
            return error
        }
        return MP.RemoteError(typeName: readableType, message: message)
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try MP.WireCoding.binary.decode(type, from: $0) }
    }
}
