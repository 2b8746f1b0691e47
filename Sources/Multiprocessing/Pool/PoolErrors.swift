extension MP {
    /// The worker running a task ended before finishing it: it crashed, was
    /// killed, or called `exit`. The pool replaces the worker and goes on;
    /// only the tasks that worker held fail. (CPython's pool hangs here for
    /// ever: bpo-22393.)
    public struct WorkerLost: Error, CustomStringConvertible, Equatable, Sendable, Codable {
        /// The worker's exit code: -N when signal N killed it.
        public let exitCode: Int32
        /// The worker's process id.
        public let pid: Int32

        public var description: String {
            let how = exitCode < 0 ? "was killed by signal \(-exitCode)" : "exited with code \(exitCode)"
            return "the pool worker (pid \(pid)) running this task \(how) before finishing it"
        }
    }

    /// An error thrown by a task in a worker whose type could not be rebuilt
    /// in this process (it is not `Codable`, or not findable by name).
    public struct RemoteError: Error, CustomStringConvertible, Equatable, Sendable, Codable {
        /// The error's type, as the worker named it.
        public let typeName: String
        /// What the error said about itself in the worker.
        public let message: String

        public var description: String { "\(typeName) in a pool worker: \(message)" }
    }

    /// A pool was used in a way its state does not allow.
    public enum PoolError: Error, CustomStringConvertible, Equatable, Sendable, Codable {
        /// Work was submitted after `close()` or `terminate()`.
        case closed
        /// `join()` before `close()` or `terminate()`.
        case stillOpen
        /// A pool needs at least one process.
        case invalidProcessCount(Int)
        /// `terminate()` dropped the task before it ran.
        case terminated
        /// A chunk size below 1.
        case invalidChunkSize(Int)
        /// The task type cannot be found by name in a worker.
        case taskNotFindable(String)
        /// `get(timeout:)` or an iterator's `next(timeout:)` ran out of time.
        case timedOut
        /// Workers kept dying before answering a single task (an initializer
        /// that throws, say), so the pool stopped replacing them.
        case workersKeepFailing(exitCode: Int32)
        /// A `maxTasksPerChild` below 1.
        case invalidMaxTasks(Int)

        public var description: String {
            switch self {
            case .closed: return "this pool was closed (or terminated), so it takes no new work"
            case .stillOpen: return "join() needs a closed pool: call close() (or terminate()) first"
            case let .invalidProcessCount(count): return "a pool needs at least one process, not \(count)"
            case .terminated: return "the pool was terminated before this task ran"
            case let .invalidChunkSize(size): return "a chunk size must be at least 1, not \(size)"
            case let .taskNotFindable(name):
                return "the task type \(name) cannot be found by name in a worker; make it a top-level, non-generic type"
            case .timedOut: return "the result was not ready before the timeout"
            case let .workersKeepFailing(code):
                return "the pool's workers keep ending (last exit code \(code)) before running any task; "
                    + "does the initializer throw? The pool stopped replacing them"
            case let .invalidMaxTasks(count): return "maxTasksPerChild must be at least 1, not \(count)"
            }
        }
    }
}
