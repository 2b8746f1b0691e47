#if canImport(Glibc)
import Glibc
#endif

/// The named segments this process created and has not unlinked: they are
/// unlinked when the process ends normally, so none is left in /dev/shm.
/// Each is also registered with the resource tracker, which unlinks it when
/// the process ends any other way (a crash, a signal).
///
/// Two exits lead here: `atexit` (the main program, and any process that
/// calls `exit`) and the exit hooks the start methods run (children, which
/// end with `_exit`). Every child starts with an empty list: a forked child
/// must not unlink its parent's segments.
enum SegmentCleanup {
    /// A created segment: the process that created it, and the file it was,
    /// so that a later segment that reuses the name is never removed.
    private struct Owned {
        var creator: Int32
        var resource: TrackedResource
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
        _ = registerHooks
        let owned = Owned(creator: getpid(), resource: TrackedResource(segment: name, descriptor: descriptor))
        ResourceTracker.register(owned.resource)
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
        let owned = registry.withLock { $0.segments.removeValue(forKey: name) }
        if let owned { ResourceTracker.forget(owned.resource) }
    }

    /// Puts the two ends of a process's life in this list's hands, once.
    private static let registerHooks: Void = {
        ProcessLifecycle.onChildStart("shared memory: forget the parent's segments") { SegmentCleanup.forgetInherited() }
        ProcessLifecycle.atExit("shared memory: unlink this process's segments") { SegmentCleanup.unlinkOwned() }
    }()

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
        for owned in mine.values {
            owned.resource.remove()
            ResourceTracker.forget(owned.resource)
        }
    }
}
