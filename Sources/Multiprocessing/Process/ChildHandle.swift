#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The parent's grip on one started child: its pid, a descriptor that
/// becomes readable when it ends, and its exit code once collected.
///
/// A fork or spawn child is a direct child: the sentinel is a pidfd and
/// `waitpid` collects the exit code. A forkserver child is the server's
/// child, which only the server can reap: the sentinel is a socket on which
/// the server writes the exit code, and signals go through a pidfd opened on
/// the pid (pidfds work for any process, not only one's own children).
final class ChildHandle: Sendable {
    enum Kind: Sendable {
        case direct
        case viaForkServer
    }

    let pid: Int32
    let ownerPid: Int32
    let kind: Kind
    let name: String
    let method: MP.StartMethod
    private let sentinelDescriptor: Int32
    private let signalDescriptor: Int32
    private let state = Locked(State())

    private struct State {
        var exitCode: Int32?
        var closed = false
    }

    init(pid: Int32, kind: Kind, name: String, method: MP.StartMethod,
         sentinelDescriptor: Int32, signalDescriptor: Int32) {
        self.pid = pid
        self.ownerPid = getpid()
        self.kind = kind
        self.name = name
        self.method = method
        self.sentinelDescriptor = sentinelDescriptor
        self.signalDescriptor = signalDescriptor
    }

    deinit {
        if !state.withLock({ $0.closed }) { closeDescriptors() }
    }

    /// The exit code, waiting up to `timeout` seconds for it (nil: for ever,
    /// 0: just look). Nil while the child still runs.
    func exitCode(waiting timeout: Double?) throws -> Int32? {
        if let known = try knownExitCode() { return known }
        if timeout != 0 {
            guard try Descriptors.waitReadable(sentinelDescriptor, timeout: timeout) else { return nil }
        }
        return try state.withLock { state in
            if state.closed { throw MP.ProcessError.closed }
            if let code = state.exitCode { return code }
            guard let code = try collect() else { return nil }
            state.exitCode = code
            Trace.processExited(pid: pid, parentPid: ownerPid, name: name, method: method.rawValue, exitCode: code)
            return code
        }
    }

    private func knownExitCode() throws -> Int32? {
        try state.withLock { state in
            if state.closed { throw MP.ProcessError.closed }
            return state.exitCode
        }
    }

    /// Collects the exit code without blocking, or returns nil.
    private func collect() throws -> Int32? {
        switch kind {
        case .direct:
            var status: Int32 = 0
            // A readable pidfd means the child has ended, but when a tracer
            // (a debugger, strace, the workbook's witness) follows it, the
            // tracer collects its end first and `waitpid` with WNOHANG can
            // still say "running" for a moment. Once ended, wait for it.
            let ended = try Descriptors.waitReadable(sentinelDescriptor, timeout: 0)
            let options: Int32 = ended ? 0 : WNOHANG
            let reaped = try retryingOnInterrupt("waitpid") { waitpid(pid, &status, options) }
            return reaped == pid ? mp_exit_code_from_wait_status(status) : nil
        case .viaForkServer:
            guard try Descriptors.waitReadable(sentinelDescriptor, timeout: 0) else { return nil }
            var code: Int32 = 0
            let complete = try withUnsafeMutableBytes(of: &code) {
                try Descriptors.readExactly(sentinelDescriptor, into: $0)
            }
            // No report means the server itself died; its death signal then
            // killed the child with SIGKILL.
            return complete ? Int32(littleEndian: code) : -SIGKILL
        }
    }

    /// Sends `signal` unless the child is already known to have ended.
    func send(signal: Int32) throws {
        try state.withLock { state in
            if state.closed { throw MP.ProcessError.closed }
            if state.exitCode != nil || signalDescriptor < 0 { return }
            if mp_pidfd_send_signal(signalDescriptor, signal) != 0 && errno != ESRCH {
                throw MP.SystemCallError(call: "pidfd_send_signal", code: errno)
            }
        }
    }

    /// The descriptor that becomes readable when the child has ended.
    var waitDescriptor: Int32 {
        get throws {
            try state.withLock { state in
                if state.closed { throw MP.ProcessError.closed }
                return sentinelDescriptor
            }
        }
    }

    func close() {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if wasOpen { closeDescriptors() }
    }

    private func closeDescriptors() {
        Descriptors.close(sentinelDescriptor)
        if signalDescriptor != sentinelDescriptor { Descriptors.close(signalDescriptor) }
    }
}
