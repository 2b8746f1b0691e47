#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// This process's connection to its fork server (see `ForkServer`).
final class ForkServerClient: Sendable {
    let controlDescriptor: Int32
    let serverPid: Int32
    private let requestLock = Locked(())

    private init(controlDescriptor: Int32, serverPid: Int32) {
        self.controlDescriptor = controlDescriptor
        self.serverPid = serverPid
    }

    /// This process's server, started on first use.
    static func current() throws -> ForkServerClient {
        try ProcessState.current.settings.withLock { settings in
            if let server = settings.forkServer { return server }
            let server = try start()
            settings.forkServer = server
            return server
        }
    }

    /// Forks the server while this process is single-threaded, or spawns a
    /// fresh copy of the program as the server when it no longer is.
    private static func start() throws -> ForkServerClient {
        let (mine, theirs) = try Descriptors.socketPair(type: Int32(SOCK_SEQPACKET.rawValue))
        defer { Descriptors.close(theirs) }
        let parentPid = getpid()
        let pid: Int32
        if mp_thread_count() <= 1 {
            fflush(nil)
            pid = fork()
            if pid == 0 {
                Descriptors.close(mine)
                ForkServer.serve(control: theirs, parentPid: parentPid)
            }
            if pid < 0 {
                Descriptors.close(mine)
                throw MP.SystemCallError(call: "fork (fork server)", code: errno)
            }
        } else {
            do {
                pid = try SpawnLauncher.spawnSelf(
                    arguments: [SpawnLauncher.forkServerFlag, String(parentPid)], passing: [theirs])
            } catch {
                Descriptors.close(mine)
                throw error
            }
        }
        return ForkServerClient(controlDescriptor: mine, serverPid: pid)
    }

    func launch(_ request: LaunchRequest, named: NamedWork) throws -> ChildHandle {
        let handover = DescriptorHandover()
        let argument = try named.encodeArgument(handover)
        let passed = handover.descriptors
        let spec = ChildSpec(request: request, named: named, argument: argument, descriptorCount: passed.count)
        let specBytes = try MP.WireCoding.binary.encode(spec)

        let (mine, theirs) = try Descriptors.socketPair()
        var keepMine = false
        defer { if !keepMine { Descriptors.close(mine) } }
        do {
            defer { Descriptors.close(theirs) }
            try requestLock.withLock { _ in
                var byte: UInt8 = 1
                let descriptors = [theirs] + passed + spec.trackerDescriptors
                let sent = mp_send_with_descriptors(
                    controlDescriptor, &byte, 1, descriptors, Int32(descriptors.count))
                if sent < 0 {
                    throw MP.StartError.forkServerUnavailable(String(cString: strerror(errno)))
                }
            }
        }
        do {
            try specBytes.withUnsafeBytes { try Framing.writeFrame(mine, $0) }
        } catch let error as MP.SystemCallError where error.code == EPIPE || error.code == ECONNRESET {
            // The child ended before reading its spec; the reply below says what happened.
        }
        var reply: Int32 = 0
        let complete = try withUnsafeMutableBytes(of: &reply) { try Descriptors.readExactly(mine, into: $0) }
        guard complete else { throw MP.StartError.forkServerUnavailable("the server closed the request") }
        let pid = Int32(littleEndian: reply)
        if pid < 0 { throw MP.SystemCallError(call: "fork (in the fork server)", code: -pid) }
        keepMine = true
        return ChildHandle(
            pid: pid, kind: .viaForkServer, name: request.name, method: .forkserver,
            sentinelDescriptor: mine, signalDescriptor: mp_pidfd_open(pid))
    }

    /// Closes the control socket (the server then exits) and reaps the server.
    func shutdown() {
        Descriptors.close(controlDescriptor)
        var status: Int32 = 0
        while waitpid(serverPid, &status, 0) < 0 && errno == EINTR {}
    }
}
