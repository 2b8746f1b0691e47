#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// Everything this process knows about itself and its children.
///
/// A forked child must not use its parent's copy: another thread of the
/// parent may have held one of these locks at the moment of the fork, and
/// in the child that thread no longer exists to release it. So a fork child
/// builds a fresh `ProcessState` from values read before the fork, and
/// replaces `current` while it is still the only thread.
final class ProcessState: Sendable {
    nonisolated(unsafe) static var current = ProcessState(
        name: "MainProcess", identity: [], daemon: false, startMethod: nil, parent: nil,
        settings: Settings())

    /// This process's name (`MainProcess`, `Process-1`, `Process-1:2`, ...).
    let name: String
    /// The path of counters that names this process: [] for the main
    /// process, [1] for its first child, [1, 2] for that child's second.
    let identity: [Int]
    let daemon: Bool
    /// How this process was started (nil for the main process).
    let startMethod: MP.StartMethod?
    let parent: MP.ParentProcess?
    let settings: Locked<Settings>
    let family = Locked(Family())

    struct Settings {
        var startMethod: MP.StartMethod?
        var bootstrapped = false
        var warnedAboutThreads = false
        var forkServer: ForkServerClient?
    }

    struct Family {
        var counter = 0
        var children: [ObjectIdentifier: MP.Process] = [:]
    }

    init(name: String, identity: [Int], daemon: Bool, startMethod: MP.StartMethod?,
         parent: MP.ParentProcess?, settings: Settings) {
        self.name = name
        self.identity = identity
        self.daemon = daemon
        self.startMethod = startMethod
        self.parent = parent
        self.settings = Locked(settings)
    }

    /// The identity and default name of the next child this process creates.
    func nextChildIdentity() -> (identity: [Int], name: String) {
        let number = family.withLock { family in
            family.counter += 1
            return family.counter
        }
        let identity = self.identity + [number]
        return (identity, "Process-" + identity.map(String.init).joined(separator: ":"))
    }

    func adopt(_ process: MP.Process) {
        family.withLock { $0.children[ObjectIdentifier(process)] = process }
    }

    func forget(_ process: MP.Process) {
        _ = family.withLock { $0.children.removeValue(forKey: ObjectIdentifier(process)) }
    }

    /// The children not yet known to have ended, after reaping the rest.
    func liveChildren() -> [MP.Process] {
        let all = family.withLock { Array($0.children.values) }
        return all.filter { child in
            let alive = child.isAlive
            if !alive { forget(child) }
            return alive
        }
    }

    /// All registered children (ended or not), for the exit cleanup.
    func allChildren() -> [MP.Process] {
        family.withLock { Array($0.children.values) }
    }

    var isBootstrapped: Bool { settings.withLock { $0.bootstrapped } }
}

extension MP {
    /// What a process knows about itself.
    public struct CurrentProcess: Sendable, Equatable {
        /// `MainProcess` in the program's first process, `Process-N` (or the
        /// name given to `MP.Process`) in a child.
        public let name: String
        /// The operating system's process id.
        public let pid: Int32
        /// Whether this process is a daemon (terminated when its parent exits).
        public let daemon: Bool
        /// The counters that name this process: [] for the main process.
        public let identity: [Int]
        /// How this process was started; nil for the main process.
        public let startMethod: StartMethod?
    }

    /// The process its parent knew it as.
    public struct ParentProcess: Codable, Sendable, Equatable {
        /// The parent's name.
        public let name: String
        /// The parent's process id. Under forkserver this is the process that
        /// asked for the child, not the fork server (which `getppid()` shows).
        public let pid: Int32

        /// Whether the parent is still running.
        public var isAlive: Bool {
            kill(pid, 0) == 0 || errno == EPERM
        }
    }

    /// The process this code runs in.
    public static var currentProcess: CurrentProcess {
        let state = ProcessState.current
        return CurrentProcess(
            name: state.name, pid: getpid(), daemon: state.daemon, identity: state.identity,
            startMethod: state.startMethod)
    }

    /// The parent of this process, or nil in the main process.
    public static var parentProcess: ParentProcess? {
        ProcessState.current.parent
    }

    /// The children of this process that are still running. Children that
    /// have ended are reaped (their exit codes collected) on the way.
    public static func activeChildren() -> [Process] {
        ProcessState.current.liveChildren()
    }

    /// The number of CPUs online in this machine.
    public static var cpuCount: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The number of CPUs this process may run on (its affinity mask), which
    /// can be fewer than `cpuCount` in a container or under `taskset`.
    public static var usableCPUCount: Int {
        let count = mp_usable_cpu_count()
        return count > 0 ? Int(count) : cpuCount
    }
}
