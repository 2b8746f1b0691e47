#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The spawn start method: `posix_spawn` of this program's own binary.
///
/// The child gets `--multiprocessing-child` as its first argument, the read
/// end of a pipe as descriptor 3 and the handed-over resources as 4, 5, ...;
/// every other descriptor is closed. `MP.bootstrap()` in the child sees the
/// flag, reads a `ChildSpec` from descriptor 3 and runs the target.
enum SpawnLauncher {
    static let childFlag = "--multiprocessing-child"
    static let forkServerFlag = "--multiprocessing-forkserver"
    static let trackerFlag = "--multiprocessing-tracker"
    /// The descriptor number the first passed descriptor gets in the child.
    static let firstPassedDescriptor: Int32 = 3

    static func launch(_ request: LaunchRequest, named: NamedWork) throws -> ChildHandle {
        let handover = DescriptorHandover()
        let argument = try named.encodeArgument(handover)
        let passed = handover.descriptors
        let spec = ChildSpec(request: request, named: named, argument: argument, descriptorCount: passed.count)
        let specBytes = try MP.WireCoding.binary.encode(spec)
        let specPipe = try Descriptors.pipe()
        defer { Descriptors.close(specPipe.write) }
        let pid: Int32
        do {
            defer { Descriptors.close(specPipe.read) }
            pid = try spawnSelf(arguments: [childFlag], passing: [specPipe.read] + passed + spec.trackerDescriptors)
        }
        let handle = try ChildHandle.direct(pid: pid, name: request.name, method: .spawn)
        do {
            try specBytes.withUnsafeBytes { try Framing.writeFrame(specPipe.write, $0) }
        } catch let error as MP.SystemCallError where error.code == EPIPE {
            // The child ended before reading what to run; its exit code tells the rest.
        }
        return handle
    }

    /// Starts a fresh copy of this program with `arguments` after its
    /// original name, and `descriptors` renumbered from 3 in the order given.
    static func spawnSelf(arguments: [String], passing descriptors: [Int32]) throws -> Int32 {
        // Copies numbered above every target number, so that renumbering one
        // descriptor never overwrites another that is still to be moved.
        let firstFree = firstPassedDescriptor + Int32(descriptors.count)
        var copies: [Int32] = []
        defer { copies.forEach(Descriptors.close) }
        for descriptor in descriptors {
            copies.append(try Descriptors.duplicate(descriptor, atLeast: firstFree))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (index, copy) in copies.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, copy, firstPassedDescriptor + Int32(index))
        }
        mp_spawn_file_actions_add_close_from(&actions, firstFree)

        // The child starts with default signal handling and nothing blocked,
        // whatever this process changed, so terminate() works on it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([CommandLine.arguments.first ?? "multiprocessing"] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { argvPointer in
            posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argvPointer.baseAddress!, environ)
        }
        if result != 0 { throw MP.SystemCallError(call: "posix_spawn", code: result) }
        return pid
    }

    /// Entry of a spawned child, called by `MP.bootstrap()`.
    static func runSpawnedChild() -> Never {
        // Armed before anything else; checked against the real parent once
        // the spec says who that is.
        _ = mp_set_parent_death_signal(SIGKILL)
        SignalSetup.ignoreBrokenPipeSignal()
        let spec = ChildMain.readSpec(from: firstPassedDescriptor)
        Descriptors.close(firstPassedDescriptor)
        ChildMain.run(spec: spec, realParent: spec.parent.pid, firstDescriptor: firstPassedDescriptor + 1)
    }
}

extension Descriptors {
    /// In a freshly forked child: renumbers `descriptors` to 3, 4, ... in
    /// order and closes every other descriptor above 2.
    static func keepOnly(_ descriptors: [Int32]) {
        let firstFree = SpawnLauncher.firstPassedDescriptor + Int32(descriptors.count)
        let copies = descriptors.map { fcntl($0, F_DUPFD_CLOEXEC, firstFree) }
        for (index, copy) in copies.enumerated() {
            dup2(copy, SpawnLauncher.firstPassedDescriptor + Int32(index))
        }
        _ = mp_close_from(firstFree)
    }
}
