#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The life of a child process, shared by every start method: become the
/// child, run the target, clean up, exit with the right code.
enum ChildMain {
    /// Replaces the inherited process state with the child's own, arms the
    /// parent-death signal, runs the child-start hooks (`hooks`, read before
    /// a fork) and records the start in the trace.
    ///
    /// - Parameter realParent: the pid `getppid()` must show (the fork
    ///   server for forkserver children). If it does not, the parent died
    ///   before the death signal was armed, and the child leaves at once.
    static func become(
        name: String, identity: [Int], daemon: Bool, method: MP.StartMethod, parent: MP.ParentProcess,
        realParent: Int32, defaultStartMethod: MP.StartMethod?, hooks: ProcessLifecycle.Hooks,
        openConnections: Set<Int32> = []
    ) {
        armParentDeathSignal(expectedParent: realParent)
        // The kernel's name for the process (`comm`, 15 bytes kept): what
        // `ps`, `top` and the workbook's witness show for it.
        _ = mp_set_process_name(name)
        var settings = ProcessState.Settings()
        settings.startMethod = defaultStartMethod
        settings.bootstrapped = true
        ProcessState.current = ProcessState(
            name: name, identity: identity, daemon: daemon, startMethod: method, parent: parent,
            settings: settings)
        OpenConnections.begin(child: openConnections)
        ProcessLifecycle.begin(child: hooks)
        ResourceTracker.inheritedByChild()
        ExitCleanup.registerIfNeeded()
        Trace.processStarted(name: name, parentPid: parent.pid, method: method.rawValue)
    }

    /// SIGKILL when the parent dies, so no child outlives it; then checks
    /// the parent is still the one expected, closing the race in which it
    /// died before the signal was armed.
    static func armParentDeathSignal(expectedParent: Int32) {
        _ = mp_set_parent_death_signal(SIGKILL)
        if getppid() != expectedParent { _exit(1) }
    }

    /// Runs `body`, then ends the process: exit code 0 when it returned, 1
    /// (with the error on standard error) when it threw.
    static func finish(name: String, _ body: () throws -> Void) -> Never {
        var code: Int32 = 0
        do {
            try body()
        } catch {
            reportFailure(of: name, error)
            code = 1
        }
        ExitCleanup.run()
        fflush(nil)
        _exit(code)
    }

    static func reportFailure(of name: String, _ error: any Error) {
        fflush(nil)
        mp_write_standard_error("Process \(name) failed with \(String(reflecting: type(of: error))): \(error)\n")
    }

    /// Runs the target described by `spec` (spawn and forkserver children).
    static func run(spec: ChildSpec, realParent: Int32, firstDescriptor: Int32) -> Never {
        become(
            name: spec.name, identity: spec.identity, daemon: spec.daemon, method: spec.method,
            parent: spec.parent, realParent: realParent, defaultStartMethod: spec.defaultStartMethod,
            hooks: ProcessLifecycle.snapshot())
        if spec.tracked { ResourceTracker.adopt(descriptor: firstDescriptor + Int32(spec.descriptorCount)) }
        let table = DescriptorTable(descriptors: (0..<spec.descriptorCount).map { firstDescriptor + Int32($0) })
        finish(name: spec.name) {
            try NamedTargetRunner.run(typeName: spec.typeName, argument: spec.argument, descriptors: table)
        }
    }

    /// Reads the spec frame a spawn or forkserver child receives first.
    static func readSpec(from descriptor: Int32) -> ChildSpec {
        do {
            guard let length = try Framing.readLength(descriptor) else { _exit(1) }  // parent gone
            var bytes = [UInt8](repeating: 0, count: length)
            guard try bytes.withUnsafeMutableBytes({ try Descriptors.readExactly(descriptor, into: $0) }) || length == 0
            else { _exit(1) }
            return try MP.WireCoding.binary.decode(ChildSpec.self, from: bytes)
        } catch {
            mp_write_standard_error("multiprocessing: a child could not read what to run: \(error)\n")
            _exit(1)
        }
    }
}

/// What runs when a process ends normally: daemon children are terminated,
/// every other child is waited for (as CPython does at exit), the fork
/// server is shut down, and the exit hooks run (the shared-memory layer's
/// unlinks the segments this process created and did not unlink), so
/// nothing is left running, unreaped or in /dev/shm. The main program then
/// waits for its resource tracker to remove what else is left (a manager's
/// folder) and exit.
enum ExitCleanup {
    nonisolated(unsafe) private static var registered = false

    static func registerIfNeeded() {
        guard !registered else { return }
        registered = true
        atexit { ExitCleanup.run() }
    }

    static func run() {
        let state = ProcessState.current
        let children = state.allChildren().compactMap { $0.handleForCleanup() }
        for child in children where child.daemon {
            try? child.handle.send(signal: SIGTERM)
        }
        for child in children {
            if child.daemon, (try? child.handle.exitCode(waiting: 1)) == nil {
                try? child.handle.send(signal: SIGKILL)
            }
            _ = try? child.handle.exitCode(waiting: nil)
        }
        for process in state.allChildren() { state.forget(process) }
        let server = state.settings.withLock { settings in
            defer { settings.forkServer = nil }
            return settings.forkServer
        }
        server?.shutdown()
        ProcessLifecycle.runExitHooks()
        ResourceTracker.finish()
    }
}
