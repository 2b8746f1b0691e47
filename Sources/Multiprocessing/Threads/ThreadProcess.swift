#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

extension MP.Threads {
    /// A thread running a target, with the shape of `MP.Process`: Python's
    /// `multiprocessing.dummy.Process` (a `threading.Thread`).
    ///
    /// ```swift
    /// let p = MP.Threads.Process(target: Greeter.self, argument: "bob")
    /// try p.start()
    /// try p.join()
    /// print(p.exitCode!)   // 0
    /// ```
    ///
    /// It takes the same targets as `MP.Process` (`ProcessTarget`,
    /// `AsyncProcessTarget`, a closure) and has the same `start`, `join`,
    /// `isAlive`, `exitCode`, `name`, `daemon`, `setDaemon` and `close`.
    /// What differs:
    /// - The argument is handed to the thread as it is: no encoding, no
    ///   copy of a class. It must be `Sendable`. A closure target works
    ///   always (there is no start method to refuse it), and must be
    ///   `@Sendable`: it shares the program's variables instead of getting a
    ///   copy of them, so Swift checks it does not race on them.
    /// - `pid` is the program's own process id (every thread has the same);
    ///   `threadID` is the kernel's id of the thread itself.
    /// - Exit codes are only 0 (the target returned) or 1 (it threw; the
    ///   error is printed on standard error as the process twin prints it).
    ///   A thread cannot call `exit` for itself: `exit` ends the whole program.
    /// - There is no `terminate`, `kill` or `sentinel`: nothing can stop a
    ///   thread from outside. To stop one, give it an `Event` to check.
    /// - When the program ends, it waits for the threads that are not
    ///   daemons (as Python does); daemon threads simply end with it.
    public final class Process: @unchecked Sendable {
        private let body: @Sendable () throws -> Void
        private let monitor = ThreadsMonitor()
        private let ended: ThreadsMonitor.Condition
        // All guarded by monitor:
        private var nameValue: String
        private var daemonValue: Bool
        private var phase = Phase.created
        private var exitCodeValue: Int32?
        private var threadIDValue: Int32?
        /// The joinable thread, until it is joined or detached.
        private var thread: pthread_t?

        private enum Phase { case created, started, closed }

        /// A thread that runs the named target `target` with `argument`.
        /// - Parameters:
        ///   - name: defaults to `Thread-N`.
        ///   - daemon: a daemon thread is not waited for when the program
        ///     ends; defaults to false (the creating thread's flag, as in Python).
        public init<Target: MP.ProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil
        ) where Target: SendableMetatype, Target.Argument: Sendable {
            body = { try Target.run(argument) }
            (nameValue, daemonValue) = Process.defaults(name: name, daemon: daemon)
            ended = ThreadsMonitor.Condition(monitor)
        }

        /// A thread that runs the named target `target`, which takes no argument.
        public convenience init<Target: MP.ProcessTarget>(
            target: Target.Type, name: String? = nil, daemon: Bool? = nil
        ) where Target: SendableMetatype, Target.Argument == MP.NoArgument {
            self.init(target: target, argument: MP.NoArgument(), name: name, daemon: daemon)
        }

        /// A thread that runs the `async` named target `target` with `argument`
        /// (the thread waits for it to finish on Swift's concurrency threads).
        public init<Target: MP.AsyncProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil
        ) where Target: SendableMetatype, Target.Argument: Sendable {
            body = { try AsyncRunner.run { try await Target.run(argument) } }
            (nameValue, daemonValue) = Process.defaults(name: name, daemon: daemon)
            ended = ThreadsMonitor.Condition(monitor)
        }

        /// A thread that runs a closure. Unlike a process's closure it works
        /// under every start method, and it shares the program's memory.
        public init(name: String? = nil, daemon: Bool? = nil, _ body: @escaping @Sendable () throws -> Void) {
            self.body = body
            (nameValue, daemonValue) = Process.defaults(name: name, daemon: daemon)
            ended = ThreadsMonitor.Condition(monitor)
        }

        deinit {
            if let thread { pthread_detach(thread) }
        }

        private static let counter = Locked(0)

        private static func defaults(name: String?, daemon: Bool?) -> (String, Bool) {
            let number = counter.withLock { count -> Int in
                count += 1
                return count
            }
            let inherited = ThreadsSupport.currentIdentity()?.daemon ?? false
            return (name ?? "Thread-\(number)", daemon ?? inherited)
        }

        // MARK: Starting and waiting

        /// Starts the thread. A process (or thread) can be started once:
        /// the second time throws `ProcessError.alreadyStarted`.
        public func start() throws {
            let (name, daemon) = try monitor.withLock { () -> (String, Bool) in
                switch phase {
                case .created: phase = .started
                case .started: throw MP.ProcessError.alreadyStarted
                case .closed: throw MP.ProcessError.closed
                }
                return (nameValue, daemonValue)
            }
            if !daemon { Process.register(self) }
            do {
                let started = try ThreadsSupport.startThread(
                    name: name, identity: ThreadIdentity(name: name, daemon: daemon)
                ) { [self] in
                    let code = runBody(name: name)
                    monitor.withLock {
                        exitCodeValue = code
                        ended.broadcast()
                    }
                    Process.unregister(self)
                }
                monitor.withLock { thread = started }
            } catch {
                Process.unregister(self)
                monitor.withLock { phase = .created }
                throw error
            }
        }

        private func runBody(name: String) -> Int32 {
            monitor.withLock { threadIDValue = ThreadsSupport.currentIdentity()?.threadID }
            do {
                try body()
                return 0
            } catch {
                fflush(nil)
                mp_write_standard_error("Process \(name) failed with \(String(reflecting: type(of: error))): \(error)\n")
                return 1
            }
        }

        /// Waits until the thread ends, or `timeout` seconds pass (nil: for
        /// ever). Returns whether it ended; check `exitCode` after. Once it
        /// returns true the thread is gone (joined).
        @discardableResult
        public func join(timeout: Double? = nil) throws -> Bool {
            let joinable: pthread_t? = try monitor.withLock {
                switch phase {
                case .created: throw MP.ProcessError.notStarted
                case .closed: throw MP.ProcessError.closed
                case .started: break
                }
                guard ended.wait(until: { exitCodeValue != nil }, deadline: Deadline(timeout: timeout)) else {
                    return nil
                }
                defer { thread = nil }
                return thread
            }
            if let joinable {
                if pthread_equal(joinable, pthread_self()) != 0 {
                    pthread_detach(joinable)
                } else {
                    pthread_join(joinable, nil)
                }
                return true
            }
            return monitor.withLock { exitCodeValue != nil }
        }

        /// Whether the thread has started and not yet ended.
        public var isAlive: Bool {
            monitor.withLock { phase == .started && exitCodeValue == nil && (thread != nil || threadIDValue != nil) }
        }

        /// nil until the thread ends, then 0 (the target returned) or 1 (it threw).
        public var exitCode: Int32? { monitor.withLock { exitCodeValue } }

        /// The program's process id once started (every thread shares it);
        /// nil before `start()`.
        public var pid: Int32? {
            monitor.withLock { phase == .created ? nil : getpid() }
        }

        /// The kernel's id of this thread (Linux `gettid`), once it is running.
        public var threadID: Int32? { monitor.withLock { threadIDValue } }

        /// The thread's name (`Thread-N` unless one was given); the kernel
        /// knows the thread by its first 15 bytes.
        public var name: String { monitor.withLock { nameValue } }

        /// Whether the program ends without waiting for this thread.
        public var daemon: Bool { monitor.withLock { daemonValue } }

        /// Sets the daemon flag; only before `start()`.
        public func setDaemon(_ daemon: Bool) throws {
            try monitor.withLock {
                switch phase {
                case .created: daemonValue = daemon
                case .started: throw MP.ProcessError.daemonAfterStart
                case .closed: throw MP.ProcessError.closed
                }
            }
        }

        /// Says the object will not be used any more: allowed before
        /// `start()` and after the thread ended (`ProcessError.stillRunning`
        /// otherwise). Later `start` and `join` throw `ProcessError.closed`.
        public func close() throws {
            let detach: pthread_t? = try monitor.withLock {
                switch phase {
                case .closed: return nil
                case .created:
                    phase = .closed
                    return nil
                case .started:
                    guard exitCodeValue != nil else { throw MP.ProcessError.stillRunning }
                    phase = .closed
                    defer { thread = nil }
                    return thread
                }
            }
            if let detach { pthread_join(detach, nil) }
        }

        // MARK: The program's live threads

        private static let live = Locked<[ObjectIdentifier: Process]>([:])
        private static let exitHook = Locked(false)

        static func running() -> [Process] {
            live.withLock { Swift.Array($0.values) }.filter(\.isAlive)
        }

        private static func register(_ process: Process) {
            live.withLock { $0[ObjectIdentifier(process)] = process }
            let first = exitHook.withLock { installed in
                defer { installed = true }
                return !installed
            }
            if first { atexit { Process.joinAtExit() } }
        }

        private static func unregister(_ process: Process) {
            _ = live.withLock { $0.removeValue(forKey: ObjectIdentifier(process)) }
        }

        /// When the program ends, its threads that are not daemons are
        /// waited for, as Python waits for non-daemon threads.
        private static func joinAtExit() {
            let me = ThreadsSupport.currentThreadID()
            while let next = live.withLock({ $0.values.first { $0.threadID != me } }) {
                _ = try? next.join()
                unregister(next)
            }
        }
    }
}

/// Runs an `async` body to the end from a plain thread.
enum AsyncRunner {
    static func run(_ body: @escaping @Sendable () async throws -> Void) throws {
        let outcome = Locked<Result<Void, any Error>?>(nil)
        let monitor = ThreadsMonitor()
        let done = ThreadsMonitor.Condition(monitor)
        Task {
            let result: Result<Void, any Error>
            do {
                try await body()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            monitor.withLock {
                outcome.withLock { $0 = result }
                done.broadcast()
            }
        }
        let result = monitor.withLock { () -> Result<Void, any Error>? in
            _ = done.wait(until: { outcome.withLock { $0 != nil } }, deadline: Deadline(timeout: nil))
            return outcome.withLock { $0 }
        }
        try result?.get()
    }
}
