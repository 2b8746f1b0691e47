extension MP {
    /// A `Process` was asked to do something its state does not allow.
    public enum ProcessError: Error, CustomStringConvertible, Equatable, Sendable {
        /// `start()` was called a second time.
        case alreadyStarted
        /// The call needs a started process (join, terminate, kill, ...).
        case notStarted
        /// `close()` was called; the object cannot be used any more.
        case closed
        /// `close()` was called while the process was still running.
        case stillRunning
        /// The daemon flag can only change before `start()`.
        case daemonAfterStart
        /// Only the process that started a child can join, signal or close it.
        case notOurChild(ownerPid: Int32)

        public var description: String {
            switch self {
            case .alreadyStarted:
                return "this process was already started; a process can only be started once (create a new MP.Process)"
            case .notStarted:
                return "this process has not been started yet; call start() first"
            case .closed:
                return "this process object was closed with close(), so it cannot be used any more"
            case .stillRunning:
                return "cannot close a process that is still running; join() it (or terminate() it) first"
            case .daemonAfterStart:
                return "the daemon flag can only be set before start()"
            case let .notOurChild(owner):
                return "only the process that started this child (pid \(owner)) can wait for it, signal it or close it"
            }
        }
    }

    /// A problem with how a process is started: the start method, the
    /// target, or a missing `MP.bootstrap()`.
    public enum StartError: Error, CustomStringConvertible, Equatable, Sendable {
        /// `MP.bootstrap()` never ran in this program.
        case bootstrapMissing
        /// A closure target was started under spawn or forkserver.
        case closureNeedsFork(StartMethod)
        /// The target type cannot be found by name in a fresh copy of the program.
        case targetNotFindable(String)
        /// A child could not find or run its target (reported by the child).
        case targetNotFound(String)
        /// `setStartMethod` was called after the start method was already fixed.
        case startMethodAlreadySet(StartMethod)
        /// A start method name that does not exist.
        case unknownStartMethod(String)
        /// The fork server process is gone, so forkserver children cannot start.
        case forkServerUnavailable(String)

        public var description: String {
            switch self {
            case .bootstrapMissing:
                return """
                    MP.bootstrap() has not run in this program. Make `MP.bootstrap()` the first line of your \
                    program: a spawned child starts your program again from the top, and MP.bootstrap() is \
                    where the child takes over and runs its target instead of your main code (it is Swift's \
                    form of Python's `if __name__ == "__main__":`).
                    """
            case let .closureNeedsFork(method):
                return """
                    this process runs a closure, and a closure can only reach a child under the fork start \
                    method (the child is a copy of this process). \(method == .spawn
                        ? "Under spawn the child is a fresh run of the program"
                        : "Under forkserver the child is a copy of the fork server, made at MP.bootstrap() before this closure existed"), \
                    so it can only find a named target: declare a top-level type conforming to \
                    MP.ProcessTarget and use MP.Process(target:argument:), or choose MP.context(.fork).
                    """
            case let .targetNotFindable(name):
                return """
                    the target type \(name) cannot be found by name in a fresh copy of this program; a named \
                    target must be a top-level, non-generic type (like a module-level function in Python)
                    """
            case let .targetNotFound(name):
                return "the child could not find the target type \(name) in its copy of the program"
            case let .startMethodAlreadySet(method):
                return """
                    the start method is already set to \(method); set it once, before starting any process, \
                    or pass force: true (or use MP.context(_:) for a different method in one place)
                    """
            case let .unknownStartMethod(name):
                return "unknown start method \"\(name)\"; choose spawn, fork or forkserver"
            case let .forkServerUnavailable(reason):
                return "the fork server is not available: \(reason)"
            }
        }
    }
}
