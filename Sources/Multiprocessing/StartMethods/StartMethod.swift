#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// How a child process comes to exist.
    public enum StartMethod: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
        /// `posix_spawn` of this program's own binary: a fresh program that
        /// runs `MP.bootstrap()`, finds its named target and runs it. Slowest
        /// start (a few milliseconds), safest child.
        case spawn
        /// `fork()`: the child is a copy of the parent at that moment, so a
        /// closure works. Fastest. Unsafe if the parent already runs other
        /// threads: the child has only the forking thread, so Dispatch and
        /// Swift concurrency hang in it. The first `start()` in such a process
        /// says so on standard error, once per process (a Pool or a Manager
        /// runs threads of its own); `MP_FORK_WARNING=0` in the environment
        /// silences it.
        case fork
        /// A small server, forked while the program is still single-threaded
        /// (at `MP.bootstrap()`), forks each child on request: nearly as fast
        /// as fork and as safe as spawn. Named targets only.
        case forkserver

        public var description: String { rawValue }

        /// The environment variable that chooses the default start method for
        /// a run (`spawn`, `fork` or `forkserver`); the workbook sets it to run
        /// a lesson under each method. An explicit `MP.setStartMethod` wins.
        public static let environmentVariable = "MP_START_METHOD"

        /// The default when neither `setStartMethod` nor the environment
        /// chooses: **forkserver**. It is the only method that is both fast
        /// (about a millisecond per child) and safe in a program that already
        /// uses Dispatch or Swift concurrency, whose threads a plain fork
        /// cannot carry over. CPython made the same choice for Linux in 3.14.
        public static let defaultMethod: StartMethod = .forkserver

        /// Parses a start method name, throwing `StartError.unknownStartMethod`.
        public init(parsing name: String) throws {
            guard let method = StartMethod(rawValue: name.lowercased()) else {
                throw StartError.unknownStartMethod(name)
            }
            self = method
        }
    }

    /// The start method processes use when no context names one. It is fixed
    /// the first time it is read, or by `setStartMethod`.
    public static var startMethod: StartMethod {
        ProcessState.current.settings.withLock { settings in
            if let chosen = settings.startMethod { return chosen }
            let method = environmentStartMethod() ?? StartMethod.defaultMethod
            settings.startMethod = method
            return method
        }
    }

    /// Sets the start method for the whole program, once. A second call
    /// (or a call after a process was started with the default) throws
    /// `StartError.startMethodAlreadySet` unless `force` is true.
    public static func setStartMethod(_ method: StartMethod, force: Bool = false) throws {
        try ProcessState.current.settings.withLock { settings in
            if let current = settings.startMethod, !force {
                throw StartError.startMethodAlreadySet(current)
            }
            settings.startMethod = method
        }
    }

    static func environmentStartMethod() -> StartMethod? {
        guard let value = getenv(StartMethod.environmentVariable) else { return nil }
        return StartMethod(rawValue: String(cString: value).lowercased())
    }
}
