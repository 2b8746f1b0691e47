#if canImport(Glibc)
import Glibc
#endif

/// One client of a manager's server, read and written without ever
/// blocking.
///
/// The server serves everyone from one thread, so it must never wait on one
/// client. Bytes are read as they come (`MSG_DONTWAIT`) into this session's
/// input, and a request is handled only once its whole frame is there; a
/// frame longer than `maxFrame` or a payload that is not a valid request
/// closes this session only. Replies go into the session's output and are
/// sent as the client takes them; while a reply is waiting to go out, the
/// server reads nothing more from that client, and a client that takes no
/// bytes for `stallLimit` seconds, or leaves more than `maxPendingOutput`
/// untaken, is dropped.
///
/// With a key, the session first runs the server's side of the mutual
/// challenge (`ServerHandshake`), fed by the same reads; until it is
/// through, frames are capped at 256 bytes and nothing the client sends is
/// decoded as a request.
final class ManagerSession: @unchecked Sendable {
    static let maxFrame = 16 << 20
    /// A client that has not proved it holds the key by then is dropped.
    static let authenticationTimeLimit = 5.0
    /// A client that takes none of its replies for this long is dropped.
    static let stallLimit = 10.0
    static let maxPendingOutput = 64 << 20

    let id: Int
    let descriptor: Int32
    let openedAt = Deadline.now()
    /// Who the client says it is (`identify`): one process's connections
    /// share it, so a lock it holds stays held while any of them is open.
    private(set) var clientToken: UInt64?
    private var input: [UInt8] = []
    private var inputStart = 0
    private var output: [UInt8] = []
    private var outputStart = 0
    private var lastOutputProgress = Deadline.now()
    private var handshake: ServerHandshake?
    /// The client closed its side: answer what it sent, then close.
    private var peerFinished = false
    private(set) var isClosed = false

    init(id: Int, descriptor: Int32, key: [UInt8]?) {
        self.id = id
        self.descriptor = descriptor
        if let key {
            let (handshake, challenge) = ServerHandshake.start(key: key)
            self.handshake = handshake
            queue(challenge)
        }
    }

    deinit {
        close()
    }

    /// Whether the client still has to prove it holds the key.
    var isAuthenticating: Bool { handshake != nil }
    /// Whether replies are waiting for the client to take them.
    var hasPendingOutput: Bool { outputStart < output.count }
    /// Whether to read from the client now: not while its replies wait.
    var wantsInput: Bool { !isClosed && !peerFinished && !hasPendingOutput }
    /// Whether complete frames wait in the input to be handled.
    var hasBufferedFrame: Bool {
        guard input.count - inputStart >= 4 else { return false }
        return input.count - inputStart >= 4 + frameLength()
    }

    /// The identity a lock is held under.
    var owner: UInt64 { clientToken ?? (UInt64(id) | (1 << 63)) }

    func identify(_ token: UInt64) {
        clientToken = token
    }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Descriptors.close(descriptor)
    }

    /// Whether the client has left replies untaken for too long.
    func isStalled(now: Double) -> Bool {
        hasPendingOutput && now - lastOutputProgress > ManagerSession.stallLimit
    }

    /// Reads what has arrived, never more than one frame can hold. Closes
    /// the session on a read error; notes an end of file.
    func readAvailable(using scratch: inout [UInt8]) {
        let limit = handshake == nil ? ManagerSession.maxFrame + 4 : MutualAuthentication.messageLimit + 4
        while !isClosed {
            compactInput()
            let room = min(scratch.count, limit - (input.count - inputStart))
            guard room > 0 else { return }
            let got = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, room, Int32(MSG_DONTWAIT)) }
            if got > 0 {
                input.append(contentsOf: scratch[0..<got])
                continue
            }
            if got == 0 {
                peerFinished = true
                if !hasBufferedFrame && !hasPendingOutput { close() }
                return
            }
            if errno == EINTR { continue }
            if errno != EAGAIN && errno != EWOULDBLOCK { close() }
            return
        }
    }

    /// Up to `limit` complete requests from the input (so one client's
    /// pipelined burst cannot keep the others waiting). Runs the handshake
    /// on the way; closes the session on an oversize frame, garbage or a
    /// failed handshake.
    func nextRequests(limit: Int) -> [ManagerRequest] {
        var requests: [ManagerRequest] = []
        while requests.count < limit, !isClosed, input.count - inputStart >= 4 {
            let length = frameLength()
            let cap = handshake == nil ? ManagerSession.maxFrame : MutualAuthentication.messageLimit
            guard length <= cap else {
                close()
                return requests
            }
            guard input.count - inputStart >= 4 + length else { break }
            let payload = Array(input[(inputStart + 4)..<(inputStart + 4 + length)])
            inputStart += 4 + length
            if let step = handshake {
                switch step.receive(payload) {
                case let .reply(frame, next):
                    queue(frame)
                    handshake = next
                case .done:
                    handshake = nil
                case let .refuse(frame):
                    if let frame { queue(frame) }
                    close()
                }
                continue
            }
            guard let request = try? ManagerRequest(flat: payload) else {
                close()
                return requests
            }
            requests.append(request)
        }
        if peerFinished && !hasBufferedFrame && !hasPendingOutput { close() }
        return requests
    }

    /// Queues one reply and sends what the client takes now.
    func send(_ reply: ManagerReply) {
        var payload = reply.flattened()
        if payload.count > ManagerSession.maxFrame {
            payload = ManagerReply.failure(.messageTooLarge(bytes: payload.count, limit: ManagerSession.maxFrame)).flattened()
        }
        queue(payload)
    }

    /// Sends what the client takes without waiting; drops a client that
    /// has left too much untaken or whose connection failed.
    func flush() {
        while !isClosed && hasPendingOutput {
            let sent = output.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + outputStart, raw.count - outputStart, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if sent > 0 {
                outputStart += sent
                lastOutputProgress = Deadline.now()
                continue
            }
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            close()
            return
        }
        if !hasPendingOutput {
            output.removeAll(keepingCapacity: output.count <= 1 << 20)
            outputStart = 0
            if peerFinished && !hasBufferedFrame { close() }
        } else if output.count - outputStart > ManagerSession.maxPendingOutput {
            close()
        }
    }

    private func queue(_ payload: [UInt8]) {
        guard !isClosed else { return }
        if !hasPendingOutput { lastOutputProgress = Deadline.now() }
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { output.append(contentsOf: $0) }
        output.append(contentsOf: payload)
        flush()
    }

    private func frameLength() -> Int {
        input.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: inputStart, as: UInt32.self))) }
    }

    /// Drops handled bytes from the front once they are the larger part, so
    /// handling many small frames stays linear.
    private func compactInput() {
        guard inputStart > 0, inputStart * 2 >= input.count else { return }
        input.removeFirst(inputStart)
        inputStart = 0
    }
}
