#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// A child process running a target: Python's `multiprocessing.Process`.
    ///
    /// ```swift
    /// MP.bootstrap()
    /// let p = MP.Process(target: Greeter.self, argument: "bob")
    /// try p.start()
    /// try p.join()
    /// print(p.exitCode!)   // 0
    /// ```
    ///
    /// The target is either a named target (a top-level type conforming to
    /// `ProcessTarget`), which works under every start method, or a closure,
    /// which works only under fork: `start()` under spawn or forkserver throws
    /// `StartError.closureNeedsFork`.
    ///
    /// Exit codes follow Python: nil while running, 0 after the target
    /// returned, the code given to `exit(_:)`, 1 after the target threw (its
    /// error is printed on standard error), and -N after signal N.
    ///
    /// `name`, `daemon`, `pid`, `exitCode` and `isAlive` are plain values
    /// that never throw and stay readable after `close()`. Operations that
    /// can fail (`start`, `join`, `terminate`, `kill`, `close`, `sentinel`)
    /// throw; after `close()` they throw `ProcessError.closed`.
    public final class Process: @unchecked Sendable {
        private let work: Work
        private let context: Context?
        private let identity: [Int]
        private let phase: Locked<Phase>

        private enum Phase {
            case created(name: String, daemon: Bool)
            case starting(name: String, daemon: Bool)
            case started(name: String, daemon: Bool, handle: ChildHandle)
            case closed(name: String, daemon: Bool, pid: Int32?, exitCode: Int32?)
        }

        /// A process that runs the named target `target` with `argument`.
        ///
        /// - Parameters:
        ///   - name: defaults to `Process-N` (`Process-N:M` for a child's child).
        ///   - daemon: a daemon is terminated when its parent exits; defaults
        ///     to the creating process's own daemon flag.
        ///   - context: the start method; defaults to the program's (`MP.startMethod`, read at `start()`).
        public init<Target: ProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil,
            context: Context? = nil
        ) {
            work = .named(NamedWork(target: target, argument: argument))
            self.context = context
            let initial = Process.initialState(name: name, daemon: daemon)
            identity = initial.identity
            phase = Locked(initial.phase)
        }

        /// A process that runs the named target `target`, which takes no argument.
        public convenience init<Target: ProcessTarget>(
            target: Target.Type, name: String? = nil, daemon: Bool? = nil, context: Context? = nil
        ) where Target.Argument == NoArgument {
            self.init(target: target, argument: NoArgument(), name: name, daemon: daemon, context: context)
        }

        /// A process that runs the `async` named target `target` with `argument`.
        public init<Target: AsyncProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil,
            context: Context? = nil
        ) {
            work = .named(NamedWork(asyncTarget: target, argument: argument))
            self.context = context
            let initial = Process.initialState(name: name, daemon: daemon)
            identity = initial.identity
            phase = Locked(initial.phase)
        }

        /// A process that runs a closure. Only the fork start method can
        /// carry a closure into a child; see `StartError.closureNeedsFork`.
        public init(
            name: String? = nil, daemon: Bool? = nil, context: Context? = nil, _ body: @escaping () throws -> Void
        ) {
            work = .closure(body)
            self.context = context
            let initial = Process.initialState(name: name, daemon: daemon)
            identity = initial.identity
            phase = Locked(initial.phase)
        }

        private static func initialState(name: String?, daemon: Bool?) -> (identity: [Int], phase: Phase) {
            let state = ProcessState.current
            let next = state.nextChildIdentity()
            return (next.identity, .created(name: name ?? next.name, daemon: daemon ?? state.daemon))
        }

        // MARK: Starting

        /// Starts the child. A process can be started once.
        ///
        /// Throws `StartError.bootstrapMissing` when `MP.bootstrap()` never
        /// ran, `StartError.closureNeedsFork` for a closure under spawn or
        /// forkserver, and `ProcessError.alreadyStarted` the second time.
        public func start() throws {
            let (name, daemon) = try phase.withLock { phase -> (String, Bool) in
                switch phase {
                case let .created(name, daemon):
                    phase = .starting(name: name, daemon: daemon)
                    return (name, daemon)
                case .starting, .started: throw ProcessError.alreadyStarted
                case .closed: throw ProcessError.closed
                }
            }
            do {
                let state = ProcessState.current
                guard state.isBootstrapped else { throw StartError.bootstrapMissing }
                _ = state.liveChildren()  // reap children that ended, as CPython does on each start
                let method = context?.startMethod ?? MP.startMethod
                let request = LaunchRequest(
                    work: work, name: name, identity: identity, daemon: daemon, method: method)
                let handle = try Launcher.launch(request)
                phase.withLock { $0 = .started(name: name, daemon: daemon, handle: handle) }
                state.adopt(self)
            } catch {
                phase.withLock { $0 = .created(name: name, daemon: daemon) }
                throw error
            }
        }

        // MARK: Waiting

        /// Waits until the process ends, or `timeout` seconds pass (nil: for
        /// ever). Returns whether it ended; check `exitCode` after.
        @discardableResult
        public func join(timeout: Double? = nil) throws -> Bool {
            let handle = try startedHandle(requireOwner: true)
            let ended = try handle.exitCode(waiting: timeout) != nil
            if ended { ProcessState.current.forget(self) }
            return ended
        }

        /// Whether the process has started and not yet ended. False before
        /// `start()`, after the process ended, after `close()`, and in any
        /// process other than the one that started it.
        public var isAlive: Bool {
            switch currentPhase() {
            case .created, .starting, .closed: return false
            case let .started(_, _, handle):
                guard handle.ownerPid == getpid() else { return false }
                return (try? handle.exitCode(waiting: 0)) == nil
            }
        }

        /// The exit code: nil until the process ends, then 0 (returned), the
        /// code given to `exit`, 1 (the target threw), or -N (killed by signal N).
        ///
        /// Reading it never throws: it is the last value known. It stays
        /// readable after `close()`, and in a process other than the one that
        /// started the child (which cannot collect it) it stays nil.
        public var exitCode: Int32? {
            switch currentPhase() {
            case .created, .starting: return nil
            case let .started(_, _, handle):
                guard handle.ownerPid == getpid() else { return nil }
                return try? handle.exitCode(waiting: 0)
            case let .closed(_, _, _, exitCode): return exitCode
            }
        }

        /// The child's process id: nil before `start()`, then the pid, kept
        /// after the process ended and after `close()`.
        public var pid: Int32? {
            switch currentPhase() {
            case .created, .starting: return nil
            case let .started(_, _, handle): return handle.pid
            case let .closed(_, _, pid, _): return pid
            }
        }

        /// The process's name (`Process-1` unless one was given).
        public var name: String {
            switch currentPhase() {
            case let .created(name, _), let .starting(name, _), let .started(name, _, _),
                let .closed(name, _, _, _):
                return name
            }
        }

        /// Whether the process is a daemon: terminated, not waited for, when
        /// its parent exits.
        public var daemon: Bool {
            switch currentPhase() {
            case let .created(_, daemon), let .starting(_, daemon), let .started(_, daemon, _),
                let .closed(_, daemon, _, _):
                return daemon
            }
        }

        /// Sets the daemon flag; only before `start()`.
        public func setDaemon(_ daemon: Bool) throws {
            try phase.withLock { phase in
                switch phase {
                case let .created(name, _): phase = .created(name: name, daemon: daemon)
                case .starting, .started: throw ProcessError.daemonAfterStart
                case .closed: throw ProcessError.closed
                }
            }
        }

        /// An object `MP.wait` can watch: ready when the process has ended.
        public var sentinel: Sentinel {
            get throws { Sentinel(handle: try startedHandle(requireOwner: false)) }
        }

        // MARK: Signals

        /// Asks the process to stop (SIGTERM). Its exit code becomes -15
        /// unless it handles the signal. Does nothing if it already ended.
        public func terminate() throws {
            try startedHandle(requireOwner: true).send(signal: SIGTERM)
        }

        /// Stops the process at once (SIGKILL, which it cannot refuse); its
        /// exit code becomes -9. Does nothing if it already ended.
        public func kill() throws {
            try startedHandle(requireOwner: true).send(signal: SIGKILL)
        }

        /// Releases the process's resources. Allowed before `start()` and
        /// after the process ended. After it, operations throw
        /// `ProcessError.closed`; `name`, `daemon`, `pid` and `exitCode` keep
        /// their last values.
        public func close() throws {
            let handle: ChildHandle? = try phase.withLock { phase in
                switch phase {
                case .closed: return nil
                case .starting: throw ProcessError.stillRunning
                case let .created(name, daemon):
                    phase = .closed(name: name, daemon: daemon, pid: nil, exitCode: nil)
                    return nil
                case let .started(name, daemon, handle):
                    guard handle.ownerPid == getpid() else { throw ProcessError.notOurChild(ownerPid: handle.ownerPid) }
                    guard let code = try handle.exitCode(waiting: 0) else { throw ProcessError.stillRunning }
                    phase = .closed(name: name, daemon: daemon, pid: handle.pid, exitCode: code)
                    return handle
                }
            }
            if let handle {
                handle.close()
                ProcessState.current.forget(self)
            }
        }

        // MARK: Internals

        private func currentPhase() -> Phase {
            phase.withLock { $0 }
        }

        private func startedHandle(requireOwner: Bool) throws -> ChildHandle {
            switch currentPhase() {
            case .created, .starting: throw ProcessError.notStarted
            case .closed: throw ProcessError.closed
            case let .started(_, _, handle):
                if requireOwner && handle.ownerPid != getpid() {
                    throw ProcessError.notOurChild(ownerPid: handle.ownerPid)
                }
                return handle
            }
        }

        /// Used by the exit cleanup: terminate daemons, then wait for everyone.
        func handleForCleanup() -> (handle: ChildHandle, daemon: Bool)? {
            guard case let .started(_, daemon, handle) = phase.withLock({ $0 }), handle.ownerPid == getpid() else {
                return nil
            }
            return (handle, daemon)
        }
    }

    /// Ready (for `MP.wait`) when its process has ended: Python's `Process.sentinel`.
    public final class Sentinel: Waitable {
        private let handle: ChildHandle

        init(handle: ChildHandle) {
            self.handle = handle
        }

        /// The descriptor that becomes readable when the process has ended.
        public var waitDescriptor: Int32 {
            get throws { try handle.waitDescriptor }
        }
    }
}
