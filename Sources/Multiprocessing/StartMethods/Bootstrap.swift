#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

extension MP {
    /// The first line of every program that starts processes: Swift's form
    /// of Python's `if __name__ == "__main__":`.
    ///
    /// ```swift
    /// import Multiprocessing
    /// MP.bootstrap()
    /// // ... the program
    /// ```
    ///
    /// - In a child started with spawn (a fresh copy of this program), it
    ///   runs the child's target and exits: the rest of `main` never runs
    ///   there. Code placed *before* it runs in every spawned child too.
    /// - In the program itself it returns at once, after preparing: it
    ///   starts the fork server while the program is still single-threaded,
    ///   makes a write to a closed pipe an error instead of a fatal signal,
    ///   and arranges that daemon children are terminated, and other
    ///   children waited for, when the program exits.
    ///
    /// Starting a process without it throws `StartError.bootstrapMissing`
    /// rather than letting a spawned child run the whole program again.
    /// Calling it more than once is harmless.
    public static func bootstrap() {
        // What a crashing program (or child) printed is not lost in stdio's
        // buffer: see mp_install_crash_flush.
        _ = mp_install_crash_flush()
        let arguments = CommandLine.arguments
        if arguments.count >= 2 {
            switch arguments[1] {
            case SpawnLauncher.childFlag:
                SpawnLauncher.runSpawnedChild()
            case SpawnLauncher.trackerFlag:
                TrackerProcess.serve(records: SpawnLauncher.firstPassedDescriptor)
            case SpawnLauncher.forkServerFlag:
                let parent = arguments.count >= 3 ? Int32(arguments[2]) ?? getppid() : getppid()
                ForkServer.serve(control: SpawnLauncher.firstPassedDescriptor, parentPid: parent)
            default:
                break
            }
        }
        let state = ProcessState.current
        let first = state.settings.withLock { settings in
            defer { settings.bootstrapped = true }
            return !settings.bootstrapped
        }
        guard first else { return }
        SignalSetup.ignoreBrokenPipeSignal()
        if state.parent == nil {
            Trace.processStarted(name: state.name, parentPid: getppid(), method: "main")
        }
        if state.parent == nil {
            // First, so that all the program creates from here on is tracked.
            ResourceTracker.start()
        }
        if mp_thread_count() <= 1 {
            // A failure here is not fatal: the server is started again, by
            // spawn if need be, when a forkserver child is first asked for.
            _ = try? ForkServerClient.current()
        }
        ExitCleanup.registerIfNeeded()
    }
}
