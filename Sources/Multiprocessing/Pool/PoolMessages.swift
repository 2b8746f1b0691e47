/// What travels between a pool and its workers.
///
/// The parent sends a worker batches of chunks; a chunk is one or more
/// inputs of one task type, and it succeeds or fails input by input. Several
/// chunks travel in one message, so that chunk size 1 does not cost a
/// system call per task.
struct TaskChunk: Codable {
    var job: UInt64
    var index: Int
    var task: String        // the task type's mangled name
    var inputs: [[UInt8]]   // each input, encoded
}

struct WorkRequest: Codable {
    /// Empty: the worker should stop.
    var chunks: [TaskChunk]
}

/// A task's result as it crosses back: its encoded output, or its error.
enum TaskOutcome: Codable {
    case output([UInt8])
    case failure(TaskFailure)
}

struct TaskFailure: Codable, Error {
    /// The error type's mangled name, to rebuild it when it is `Codable`.
    var mangledType: String?
    var readableType: String
    var message: String
    var encoded: [UInt8]?
}

struct ChunkResult: Codable {
    var job: UInt64
    var index: Int
    var outcomes: [TaskOutcome]
}

struct WorkReply: Codable {
    var results: [ChunkResult]
    /// Whether this is the last reply to its batch. A worker sends partial
    /// replies when a batch is slow, so results (and errors) are not held
    /// back until the whole batch is done.
    var isFinal = true
}
