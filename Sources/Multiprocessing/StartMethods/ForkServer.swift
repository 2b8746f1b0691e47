#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The fork server: a small single-threaded process that forks children on
/// request, so that they start clean even when the program that asks for
/// them already runs many threads.
///
/// The main program forks it in `MP.bootstrap()`, while still
/// single-threaded. A process that needs one later, when it is no longer
/// single-threaded, spawns a fresh copy of the program as its server instead.
///
/// Protocol, over a `SOCK_SEQPACKET` control socket: each request is one
/// byte with descriptors attached (SCM_RIGHTS): first a stream socket for
/// the new child, then the descriptors handed to it. The server forks; the
/// child renumbers them (socket 3, handed 4, 5, ...) and reads its
/// `ChildSpec` from the socket. The server writes the child's pid (an
/// `Int32`, negative errno if fork failed) on that socket, and later its
/// exit code when it reaps it. End of file on the control socket means the
/// program is gone: the server exits, and its children die with it.
enum ForkServer {
    static let maxDescriptorsPerRequest: Int32 = 64

    static func serve(control: Int32, parentPid: Int32) -> Never {
        ChildMain.armParentDeathSignal(expectedParent: parentPid)
        _ = mp_set_process_name("mp-forkserver")
        // Its children get the tracker with each request; holding it here
        // would only keep the tracker waiting.
        ResourceTracker.closeInherited()
        // Ctrl-C goes to the whole process group: let the program decide
        // what it means for its children instead of dying here first.
        signal(SIGINT, SIG_IGN)
        SignalSetup.ignoreBrokenPipeSignal()
        let signals = mp_child_signal_descriptor()
        var reports: [Int32: Int32] = [:]  // child pid -> its socket

        while true {
            let ready = (try? Descriptors.waitReadable([control, signals], timeout: nil)) ?? []
            if ready.contains(signals) {
                mp_drain_signal_descriptor(signals)
                reap(&reports)
            }
            if ready.contains(control) {
                guard serveRequest(control: control, reports: &reports) else { break }
            }
        }
        _exit(0)
    }

    /// Handles one request; false when the program closed the control socket.
    private static func serveRequest(control: Int32, reports: inout [Int32: Int32]) -> Bool {
        var byte: UInt8 = 0
        var received = [Int32](repeating: -1, count: Int(maxDescriptorsPerRequest))
        var count: Int32 = 0
        let got = mp_receive_with_descriptors(control, &byte, 1, &received, maxDescriptorsPerRequest, &count)
        if got == 0 { return false }
        if got < 0 { return errno == EINTR || errno == EAGAIN || errno == EMSGSIZE }
        let descriptors = Array(received.prefix(Int(count)))
        guard let socket = descriptors.first else { return true }
        let serverPid = getpid()
        fflush(nil)
        let pid = fork()
        if pid == 0 { runChild(descriptors: descriptors, serverPid: serverPid) }
        descriptors.dropFirst().forEach(Descriptors.close)
        var reply = (pid > 0 ? pid : -errno).littleEndian
        _ = withUnsafeBytes(of: &reply) { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if pid > 0 { reports[pid] = socket } else { Descriptors.close(socket) }
        return true
    }

    private static func runChild(descriptors: [Int32], serverPid: Int32) -> Never {
        mp_unblock_child_signal()
        signal(SIGINT, SIG_DFL)
        ChildMain.armParentDeathSignal(expectedParent: serverPid)
        Descriptors.keepOnly(descriptors)
        let spec = ChildMain.readSpec(from: SpawnLauncher.firstPassedDescriptor)
        Descriptors.close(SpawnLauncher.firstPassedDescriptor)
        ChildMain.run(spec: spec, realParent: serverPid, firstDescriptor: SpawnLauncher.firstPassedDescriptor + 1)
    }

    private static func reap(_ reports: inout [Int32: Int32]) {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { return }
            guard let socket = reports.removeValue(forKey: pid) else { continue }
            var code = mp_exit_code_from_wait_status(status).littleEndian
            _ = withUnsafeBytes(of: &code) { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            Descriptors.close(socket)
        }
    }
}
