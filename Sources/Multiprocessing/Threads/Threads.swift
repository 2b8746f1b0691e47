#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

extension MP {
    /// The threads twin of the library: the same API backed by threads of
    /// this one process. Python's `multiprocessing.dummy`.
    ///
    /// `MP.Threads` has the names of `MP` that make sense for threads
    /// (`Pool`, `withPool`, `Process`, `Queue`, `JoinableQueue`, `Event`,
    /// `bootstrap`, `currentProcess`, `activeChildren`, `cpuCount`, and the
    /// task protocols and errors as aliases of `MP`'s), with the same
    /// methods, argument labels and errors. So a program switches from
    /// processes to threads by changing one line:
    ///
    /// ```swift
    /// typealias Parallel = MP            // processes
    /// typealias Parallel = MP.Threads    // threads
    ///
    /// Parallel.bootstrap()
    /// try Parallel.withPool(processes: 4) { pool in
    ///     print(try pool.map(Square.self, Array(0..<6)))
    /// }
    /// ```
    ///
    /// The same task types (`MP.PoolTask`, `MP.ProcessTarget`) work with
    /// both. What changes is what threads are:
    /// - **One memory.** Nothing is copied or encoded on the way to a
    ///   thread and back; `Codable` is required by the shared protocols but
    ///   never used here. What threads share must be `Sendable` instead, as
    ///   Swift 6 checks.
    /// - **No GIL.** Unlike Python's threads, Swift's run in parallel on
    ///   every core, CPU-bound work included.
    /// - **No isolation.** A crash in one thread ends the whole program,
    ///   and a thread cannot be terminated or killed from outside.
    /// - **Cheap.** Starting a thread costs microseconds, not the
    ///   milliseconds of a process; no child process is ever started.
    public enum Threads {
        /// A pool task: the same protocol as the process pool's.
        public typealias PoolTask = MP.PoolTask
        /// A two-argument pool task (`starmap`): the process pool's protocol.
        public typealias PoolPairTask = MP.PoolPairTask
        /// What each new pool thread runs first: the process pool's protocol.
        public typealias PoolInitializer = MP.PoolInitializer
        /// A named target for `MP.Threads.Process`: the same protocol as `MP.Process`'s.
        public typealias ProcessTarget = MP.ProcessTarget
        /// An `async` named target: the same protocol as `MP.Process`'s.
        public typealias AsyncProcessTarget = MP.AsyncProcessTarget
        /// The argument of a target that needs none.
        public typealias NoArgument = MP.NoArgument
        /// The pool's errors: the same as the process pool's.
        public typealias PoolError = MP.PoolError
        /// `get` found nothing in time: the same error as `MP.Queue`'s.
        public typealias QueueEmpty = MP.QueueEmpty
        /// `put` found no room in time: the same error as `MP.Queue`'s.
        public typealias QueueFull = MP.QueueFull
        /// A queue used in a way it cannot serve: the same error as `MP.Queue`'s.
        public typealias QueueError = MP.QueueError
        /// A `Process` used in a way its state does not allow: the same error as `MP.Process`'s.
        public typealias ProcessError = MP.ProcessError
        /// What a thread knows about itself (`currentProcess`).
        public typealias CurrentProcess = MP.CurrentProcess

        // The locks and shared values are the process versions themselves,
        // as Python's `multiprocessing.dummy` hands out `threading`'s: a
        // process-shared pthread mutex or semaphore serves the threads of
        // one process just as well, so a program switched to threads keeps
        // its locks, and nothing here needs `MP.bootstrap()`.

        /// A lock: `MP.Lock`.
        public typealias Lock = MP.Lock
        /// A lock its holder may take again: `MP.RLock`.
        public typealias RLock = MP.RLock
        /// A counting semaphore: `MP.Semaphore`.
        public typealias Semaphore = MP.Semaphore
        /// A semaphore that refuses a release above its start value: `MP.BoundedSemaphore`.
        public typealias BoundedSemaphore = MP.BoundedSemaphore
        /// A condition variable: `MP.Condition`.
        public typealias Condition = MP.Condition
        /// A meeting point for a fixed number of threads: `MP.Barrier`.
        public typealias Barrier = MP.Barrier
        /// One value of a plain type, with a lock: `MP.Value`.
        public typealias Value = MP.Value
        /// A fixed-size array of a plain type, with a lock: `MP.Array`.
        public typealias Array = MP.Array

        /// The twin of `MP.bootstrap()`, so that a program switched to
        /// threads keeps its first line. Threads need no bootstrap: nothing
        /// starts the program again, so it only makes a crash flush what was
        /// printed and records the main program in the workbook's trace. It
        /// starts no process (`MP.bootstrap()` starts the fork server and
        /// the resource tracker). Calling it more than once is harmless.
        public static func bootstrap() {
            _ = mp_install_crash_flush()
            let first = bootstrapped.withLock { done in
                defer { done = true }
                return !done
            }
            let alreadyTraced = ProcessState.current.settings.withLock { $0.bootstrapped }
            if first && !alreadyTraced && ProcessState.current.parent == nil {
                Trace.processStarted(name: ProcessState.current.name, parentPid: getppid(), method: "main")
            }
        }

        private static let bootstrapped = Locked(false)

        /// The thread this code runs on, as Python's `dummy.current_process()`
        /// sees it: `MainThread` on the program's first thread, the name of
        /// the `MP.Threads.Process` (or `PoolThread-N` in a pool), and, for
        /// any other thread, `Thread`. `pid` is this one process's id on
        /// every thread.
        public static var currentProcess: CurrentProcess {
            let name: String
            let daemon: Bool
            if let identity = ThreadsSupport.currentIdentity() {
                (name, daemon) = (identity.name, identity.daemon)
            } else {
                name = ThreadsSupport.currentThreadID() == getpid() ? "MainThread" : "Thread"
                daemon = false
            }
            return CurrentProcess(name: name, pid: getpid(), daemon: daemon, identity: [], startMethod: nil)
        }

        /// The `MP.Threads.Process`es started by this program that are still running.
        public static func activeChildren() -> [Process] {
            Process.running()
        }

        /// The number of CPUs online in this machine.
        public static var cpuCount: Int { MP.cpuCount }

        /// The number of CPUs this process may run on.
        public static var usableCPUCount: Int { MP.usableCPUCount }
    }
}

/// Why a threads twin object cannot be encoded: it lives in this process's
/// memory. It is `Codable` only so that it can be a `ProcessTarget`'s
/// argument, as its process twin can; the threads twin hands arguments over
/// as they are and never encodes them.
enum ThreadsCoding {
    static func refuseEncoding(_ value: Any, to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: encoder.codingPath,
            debugDescription: "\(type(of: value)) lives in one process's memory and cannot be sent to another "
                + "process; use its MP counterpart (e.g. MP.Queue) with MP.Process"))
    }

    static func refuseDecoding<Value>(_ type: Value.Type, from decoder: any Decoder) -> any Error {
        DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: decoder.codingPath,
            debugDescription: "\(type) cannot be received from another process; it exists in one process only"))
    }
}
