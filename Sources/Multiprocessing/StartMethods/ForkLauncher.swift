#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The fork start method: the child is a copy of this process.
enum ForkLauncher {
    static func launch(_ request: LaunchRequest) throws -> ChildHandle {
        let state = ProcessState.current
        warnIfThreaded(state)
        let parent = MP.ParentProcess(name: state.name, pid: getpid())
        let (defaultMethod, serverControl) = state.settings.withLock {
            ($0.startMethod, $0.forkServer?.controlDescriptor)
        }
        let (keep, drop) = try connectionsForChild(of: request.work)
        let hooks = ProcessLifecycle.snapshot()
        fflush(nil)  // or the child would print the parent's buffered output again
        let pid = fork()
        if pid < 0 { throw MP.SystemCallError(call: "fork", code: errno) }
        if pid == 0 {
            // The fork server belongs to the parent; the child starts its own if it needs one.
            if let serverControl { Descriptors.close(serverControl) }
            drop.forEach(Descriptors.close)
            ChildMain.become(
                name: request.name, identity: request.identity, daemon: request.daemon, method: .fork,
                parent: parent, realParent: parent.pid, defaultStartMethod: defaultMethod, hooks: hooks,
                openConnections: keep)
            ChildMain.finish(name: request.name) {
                switch request.work {
                case let .closure(body): try body()
                case let .named(named): try named.runHere()
                }
            }
        }
        return try ChildHandle.direct(pid: pid, name: request.name, method: .fork)
    }

    /// Which connection descriptors the child keeps and which it closes.
    ///
    /// A named target gets only the connections in its argument, as under
    /// spawn and forkserver: otherwise the child would also hold, say, the
    /// parent's end of the pipe it reads from, and would never see the end
    /// of file when the parent closes it. A closure may use anything it
    /// captured, so it keeps everything, as a Python fork child does.
    private static func connectionsForChild(of work: Work) throws -> (keep: Set<Int32>, drop: [Int32]) {
        let open = OpenConnections.snapshot()
        guard case let .named(named) = work, !open.isEmpty else { return (open, []) }
        let handover = DescriptorHandover()
        _ = try named.encodeArgument(handover)
        let keep = Set(handover.descriptors)
        return (keep, Array(open.subtracting(keep)))
    }

    /// The environment variable that silences the warning when set to `0`.
    static let warningVariable = "MP_FORK_WARNING"

    /// A forked child gets only the thread that called fork. If this process
    /// runs others, locks they held stay locked in the child and Dispatch and
    /// Swift concurrency, which rely on worker threads, hang there. Say so
    /// once per process, unless `MP_FORK_WARNING=0`.
    private static func warnIfThreaded(_ state: ProcessState) {
        if let setting = getenv(warningVariable), String(cString: setting) == "0" { return }
        let threads = mp_thread_count()
        guard threads > 1 else { return }
        let first = state.settings.withLock { settings in
            defer { settings.warnedAboutThreads = true }
            return !settings.warnedAboutThreads
        }
        guard first else { return }
        mp_write_standard_error("""
            multiprocessing warning: this process already runs \(threads) threads, and a child started \
            with fork gets only the one that called fork. The child must not use Dispatch or Swift \
            concurrency (async/await), which would hang. Use the spawn or forkserver start method for \
            children that need them. (Said once per process; MP_FORK_WARNING=0 silences it.)\n
            """)
    }
}

extension ChildHandle {
    /// The handle of a child of this process (fork or spawn), watched through a pidfd.
    static func direct(pid: Int32, name: String, method: MP.StartMethod) throws -> ChildHandle {
        let pidfd = mp_pidfd_open(pid)
        if pidfd < 0 {
            let code = errno
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            throw MP.SystemCallError(call: "pidfd_open (Linux 5.3 or later is required)", code: code)
        }
        return ChildHandle(
            pid: pid, kind: .direct, name: name, method: method, sentinelDescriptor: pidfd, signalDescriptor: pidfd)
    }
}
