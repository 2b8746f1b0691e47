#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// This program's connection to its resource tracker (see `TrackerProcess`):
/// the write end of a pipe, shared by the program and all its children.
///
/// `MP.bootstrap()` starts the tracker in the main program. A child gets the
/// descriptor the way it gets any handle: inherited under fork, passed after
/// its other descriptors under spawn and forkserver (`ChildSpec.tracked`).
/// Without a tracker (a program that never called `MP.bootstrap()`),
/// registering does nothing and only a normal exit cleans up.
enum ResourceTracker {
    private struct Link {
        var descriptor: Int32 = -1
        /// The tracker's pid, in the process that started it (else 0).
        var pid: Int32 = 0
    }

    /// Set while single-threaded (bootstrap, or a child's first steps), read after.
    nonisolated(unsafe) private static var link = Link()

    /// The descriptor children must be handed, or nil without a tracker.
    static var descriptor: Int32? { link.descriptor >= 0 ? link.descriptor : nil }

    /// Starts the tracker (main program, from `MP.bootstrap()`): by fork
    /// while single-threaded, else as a fresh copy of the program.
    static func start() {
        guard link.descriptor < 0, let (read, write) = try? Descriptors.pipe() else { return }
        let pid: Int32
        if mp_thread_count() <= 1 {
            fflush(nil)
            pid = fork()
            if pid == 0 {
                Descriptors.close(write)
                Descriptors.keepOnly([read])
                TrackerProcess.serve(records: SpawnLauncher.firstPassedDescriptor)
            }
        } else {
            pid = (try? SpawnLauncher.spawnSelf(arguments: [SpawnLauncher.trackerFlag], passing: [read])) ?? -1
        }
        Descriptors.close(read)
        guard pid > 0 else {
            Descriptors.close(write)
            return
        }
        link = Link(descriptor: write, pid: pid)
    }

    /// Takes over the descriptor a spawn or forkserver child was handed.
    static func adopt(descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        link = Link(descriptor: descriptor, pid: 0)
    }

    /// In a forked child: keeps the descriptor, but the tracker is not its own.
    static func inheritedByChild() {
        link.pid = 0
    }

    /// For a process that must not keep the tracker alive (the fork server).
    static func closeInherited() {
        if link.descriptor >= 0 { Descriptors.close(link.descriptor) }
        link = Link()
    }

    /// Asks the tracker to remove `resource` when this process ends, however it ends.
    static func register(_ resource: TrackedResource) {
        send(TrackerRecord.register, resource)
    }

    /// Tells the tracker `resource` was removed on purpose (or handed on).
    static func forget(_ resource: TrackedResource) {
        send(TrackerRecord.forget, resource)
    }

    private static func send(_ operation: UInt8, _ resource: TrackedResource) {
        let descriptor = link.descriptor
        guard descriptor >= 0, let record = TrackerRecord.encode(operation, resource, creator: getpid()) else { return }
        // One write of at most PIPE_BUF bytes is atomic. A tracker that is
        // gone (EPIPE) leaves only the normal-exit cleanup, as without one.
        while record.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) < 0 && errno == EINTR {}
    }

    /// At a normal exit of the program that started the tracker: closes its
    /// pipe and waits (briefly) for the tracker to finish and be reaped, so
    /// the program ends with nothing left behind. Elsewhere it does nothing:
    /// the descriptor closes when the process ends.
    static func finish() {
        let current = link
        guard current.pid > 0 else { return }
        link = Link()
        Descriptors.close(current.descriptor)
        let watch = mp_pidfd_open(current.pid)
        if watch >= 0 {
            _ = try? Descriptors.waitReadable(watch, timeout: 2)
            Descriptors.close(watch)
        }
        var status: Int32 = 0
        _ = waitpid(current.pid, &status, WNOHANG)
    }
}
