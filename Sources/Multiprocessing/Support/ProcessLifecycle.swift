/// Work that must happen when a child process begins and when any process
/// ends, registered by the layer that needs it, so that the start methods
/// (which run it) never name that layer. CPython's
/// `multiprocessing.util.register_after_fork` and `util.Finalize` play the
/// same part there.
///
/// The start methods run the child-start hooks first thing in every new
/// child, and the exit hooks when a process ends normally (after its
/// children were waited for, before the resource tracker hears that it
/// ended). A hook is registered once per name; registering a name again
/// changes nothing, so a layer may register from wherever it first needs to.
enum ProcessLifecycle {
    /// A registered piece of work.
    struct Hook: Sendable {
        let name: String
        let run: @Sendable () -> Void
    }

    /// Every hook this process knows, in the order registered.
    struct Hooks: Sendable {
        var childStart: [Hook] = []
        var exit: [Hook] = []
    }

    /// Replaced in every child by `begin(child:)`: a forked child must not
    /// take a lock that another thread of its parent held at the fork.
    nonisolated(unsafe) private static var registry = Locked(Hooks())

    /// Runs `hook` at the start of every child this process starts from now
    /// on, before the child runs anything of its own.
    static func onChildStart(_ name: String, _ hook: @escaping @Sendable () -> Void) {
        registry.withLock { hooks in
            guard !hooks.childStart.contains(where: { $0.name == name }) else { return }
            hooks.childStart.append(Hook(name: name, run: hook))
        }
    }

    /// Runs `hook` when this process (or a child it starts from now on) ends
    /// normally. Hooks run in the reverse order of registration.
    static func atExit(_ name: String, _ hook: @escaping @Sendable () -> Void) {
        registry.withLock { hooks in
            guard !hooks.exit.contains(where: { $0.name == name }) else { return }
            hooks.exit.append(Hook(name: name, run: hook))
        }
    }

    /// The hooks as they stand: a fork reads them before it forks, and the
    /// child passes them to `begin(child:)`.
    static func snapshot() -> Hooks {
        registry.withLock { $0 }
    }

    /// Starts a child's life: takes `hooks` as its own registry (with a
    /// fresh lock) and runs the child-start hooks.
    static func begin(child hooks: Hooks) {
        registry = Locked(hooks)
        hooks.childStart.forEach { $0.run() }
    }

    /// Runs the exit hooks, newest first.
    static func runExitHooks() {
        snapshot().exit.reversed().forEach { $0.run() }
    }
}
