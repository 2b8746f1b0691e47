#if canImport(Glibc)
import Glibc
#endif

/// The named segments this process created and has not unlinked: they are
/// unlinked when the process ends normally, so none is left in /dev/shm.
///
/// Two exits lead here: `atexit` (the main program, and any process that
/// calls `exit`) and `ExitCleanup.run` (children, which end with `_exit`).
enum SegmentCleanup {
    /// A created segment: the process that created it, and the file it was,
    /// so that a later segment that reuses the name is never removed.
    private struct Owned {
        var creator: Int32
        var device: UInt64
        var inode: UInt64
    }

    private struct Registry {
        var segments: [String: Owned] = [:]
        var exitHookInstalled = false
    }

    /// Replaced in every child by `forgetInherited`: a forked child must not
    /// unlink its parent's segments, nor use a lock another thread of the
    /// parent may have held at the fork.
    nonisolated(unsafe) private static var registry = Locked(Registry())

    /// Records that this process created `name`, open as `descriptor`.
    static func adopt(_ name: String, descriptor: Int32) {
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        let owned = Owned(
            creator: getpid(), device: known ? UInt64(status.st_dev) : 0, inode: known ? UInt64(status.st_ino) : 0)
        let installHook = registry.withLock { registry in
            registry.segments[name] = owned
            defer { registry.exitHookInstalled = true }
            return !registry.exitHookInstalled
        }
        if installHook {
            atexit { SegmentCleanup.unlinkOwned() }
        }
    }

    /// The segment was unlinked on purpose; nothing to do at exit.
    static func forget(_ name: String) {
        _ = registry.withLock { $0.segments.removeValue(forKey: name) }
    }

    /// Starts a child (of any start method) with nothing to clean up.
    static func forgetInherited() {
        registry = Locked(Registry())
    }

    /// Unlinks every segment this very process created and nobody unlinked.
    static func unlinkOwned() {
        let me = getpid()
        let mine = registry.withLock { registry in
            let mine = registry.segments.filter { $0.value.creator == me }
            for name in mine.keys { registry.segments.removeValue(forKey: name) }
            return mine
        }
        for (name, owned) in mine where stillNames(name, owned) {
            _ = shm_unlink("/" + name)
        }
    }

    /// Whether `name` still names the segment this process created.
    private static func stillNames(_ name: String, _ owned: Owned) -> Bool {
        let descriptor = shm_open("/" + name, O_RDONLY | O_CLOEXEC, 0)
        guard descriptor >= 0 else { return false }
        defer { Descriptors.close(descriptor) }
        var status = stat()
        guard owned.inode != 0, fstat(descriptor, &status) == 0 else { return true }
        return UInt64(status.st_dev) == owned.device && UInt64(status.st_ino) == owned.inode
    }
}
