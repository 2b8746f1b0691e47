#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing
import Foundation
import Synchronization

/// Starting a program in its own process group and making sure that, when
/// its run is over, nothing it started is left behind.
///
/// Three layers, because a process group alone is not enough:
/// 1. The program is the leader of a new process group, so one `kill(-pgid)`
///    reaches it and every descendant that stayed in the group.
/// 2. The workbook makes itself a child subreaper (`PR_SET_CHILD_SUBREAPER`).
///    A descendant that left the group (`setsid`, `setpgid`) and lost its
///    parent is then re-parented to the workbook instead of to init.
/// 3. After the run, the workbook kills and reaps every child of its own that
///    was not there before the run: those adopted descendants and the zombies
///    of the group.
enum ProcessTree {
    /// The group of the example running now (0 when none), for the interrupt handler.
    static let runningGroup = Atomic<Int32>(0)
    /// The trace file of the example running now, for the interrupt handler
    /// to remove: the address of a C string (0 when none), so the handler
    /// needs no allocation.
    static let runningTraceFile = Atomic<Int>(0)

    /// Notes (or, with nil, forgets) the running example's group and trace file.
    static func noteRunning(group: Int32, traceFile: String?) {
        runningGroup.store(group, ordering: .relaxed)
        let path = traceFile.map { Int(bitPattern: strdup($0)) } ?? 0
        let old = runningTraceFile.exchange(path, ordering: .acquiringAndReleasing)
        free(UnsafeMutablePointer<CChar>(bitPattern: old))
    }

    /// Whether the workbook is a child subreaper (decided once, best effort).
    static let isSubreaper: Bool = mp_set_child_subreaper(1) == 0

    /// Starts `path` with standard input from `stdin` (`/dev/null` when nil)
    /// and standard output and error on the given descriptors, with default
    /// signal handling and nothing else inherited. By default it leads a new
    /// process group; with `ownGroup: false` it joins the workbook's (a pager
    /// must, to stay in the terminal's foreground group).
    static func spawn(
        path: String, arguments: [String], environment: [String: String],
        stdin: Int32? = nil, stdout: Int32, stderr: Int32, ownGroup: Bool = true
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else the workbook has open reaches the example: an inherited
        // descriptor (a pipe of whoever started the workbook, say) would keep
        // that pipe open for as long as the example lives.
        closeInheritedDescriptors(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The example must not inherit the workbook's blocked or ignored
        // signals (an ignored SIGPIPE or SIGTERM would change how it behaves).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        let groupFlag = ownGroup ? POSIX_SPAWN_SETPGROUP : 0
        posix_spawnattr_setflags(&attributes, Int16(groupFlag | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                posix_spawn(&pid, path, &actions, &attributes, argvBuffer.baseAddress!, envpBuffer.baseAddress!)
            }
        }
        guard result == 0 else { throw RunningError.spawnFailed(path: path, errno: result) }
        return pid
    }

    /// Adds actions that close every descriptor from 3 up in the child.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        if mp_spawn_file_actions_add_close_from(&actions, 3) == 0 { return }
        // Older C libraries: close each open descriptor that would survive exec.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor >= 3 {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }
    }

    /// Sends `signal` to every process of the group (errors such as "no such
    /// group" mean there is nobody left, which is fine).
    static func signalGroup(_ group: pid_t, _ signal: Int32) {
        _ = kill(-group, signal)
    }

    /// The pids whose parent is this process, read from `/proc`.
    static func children() -> Set<pid_t> {
        let me = getpid()
        var found = Set<pid_t>()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return found }
        for entry in entries {
            guard let pid = pid_t(entry), let parent = parentOf(pid), parent == me else { continue }
            found.insert(pid)
        }
        return found
    }

    /// The parent pid of `pid` from `/proc/PID/stat`, or nil when it is gone.
    static func parentOf(_ pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)" come the state and then the parent pid.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 1 else { return nil }
        return pid_t(fields[1])
    }

    /// Kills and reaps everything the run left: the members of `group` and
    /// every child of the workbook not in `earlier`. Returns once the group is
    /// empty and no new child remains, or after about two seconds.
    static func clearUp(group: pid_t, earlier: Set<pid_t>) {
        let deadline = ContinuousClock.now + .seconds(2)
        while true {
            signalGroup(group, SIGKILL)
            let leftovers = children().subtracting(earlier)
            for pid in leftovers {
                _ = kill(pid, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
            }
            let groupGone = kill(-group, 0) == -1 && errno == ESRCH
            if (groupGone && leftovers.isEmpty) || ContinuousClock.now >= deadline { return }
            usleep(5_000)
        }
    }

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill the running
    /// example's process group before the workbook itself ends. A signal the
    /// workbook was started with ignored (as `nohup` or a shell's `&` do)
    /// stays ignored.
    static func installInterruptHandlers() {
        // Initialise the atomic now: a lazy initialisation inside a signal
        // handler is not safe.
        _ = runningGroup.load(ordering: .relaxed)
        _ = runningTraceFile.load(ordering: .relaxed)
        // Exit statuses are collected with waitpid: an inherited "ignore
        // SIGCHLD" would have the kernel discard them.
        Glibc.signal(SIGCHLD, SIG_DFL)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            let previous = Glibc.signal(signal) { received in
                let group = ProcessTree.runningGroup.load(ordering: .relaxed)
                if group > 0 { _ = kill(-group, SIGKILL) }
                let traceFile = ProcessTree.runningTraceFile.load(ordering: .acquiring)
                if let path = UnsafeMutablePointer<CChar>(bitPattern: traceFile) { _ = unlink(path) }
                Glibc.signal(received, SIG_DFL)
                raise(received)
            }
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                Glibc.signal(signal, SIG_IGN)
            }
        }
    }
}
