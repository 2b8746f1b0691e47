#if canImport(Glibc)
import Glibc
#endif

/// One client of a manager's server, read without ever blocking.
///
/// The server serves everyone from one thread, so it must never wait on one
/// client: bytes are read as they come (`MSG_DONTWAIT`) into this session's
/// buffer, and a request is handled only once its whole frame is there. A
/// frame longer than `maxFrame` or a payload that is not a valid request
/// closes this session only. Replies go out with the shared framing; a
/// client that stops reading them is dropped once a one-second send
/// timeout (`SO_SNDTIMEO`) makes the write fail.
///
/// With a key, the session first runs the server's side of the mutual
/// challenge (`MutualAuthentication`), as a small state machine fed by the
/// same non-blocking reads; until it is through, frames are capped at 256
/// bytes and nothing the client sends is decoded as a request.
final class ManagerSession: MP.Waitable, @unchecked Sendable {
    static let maxFrame = 16 << 20
    /// A client that has not proved it holds the key by then is dropped.
    static let authenticationTimeLimit = 10.0

    let id: Int
    let descriptor: Int32
    let openedAt = Deadline.now()
    private var buffer: [UInt8] = []
    /// Where each read lands before joining `buffer`, kept for the session.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private var handshake: ServerHandshake?
    private(set) var isClosed = false

    init(id: Int, descriptor: Int32, key: [UInt8]?) {
        self.id = id
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if let key {
            let (handshake, challenge) = ServerHandshake.start(key: key)
            self.handshake = handshake
            sendFrame(challenge)
        }
    }

    deinit {
        close()
    }

    var waitDescriptor: Int32 { descriptor }

    /// Whether the client still has to prove it holds the key.
    var isAuthenticating: Bool { handshake != nil }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Descriptors.close(descriptor)
    }

    /// Reads what has arrived and returns the complete requests in it.
    /// Closes the session on end of file, an oversize frame, garbage, or a
    /// failed handshake.
    func receiveRequests() -> [ManagerRequest] {
        while true {
            let got = scratch.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if got > 0 {
                buffer.append(contentsOf: scratch[0..<got])
                if buffer.count > ManagerSession.maxFrame + 4 { break }
                continue
            }
            if got == 0 || (errno != EAGAIN && errno != EINTR) {
                close()
                return []
            }
            if errno == EAGAIN { break }
        }
        var requests: [ManagerRequest] = []
        while buffer.count >= 4, !isClosed {
            let length = Int(UInt32(littleEndian: buffer.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
            let limit = handshake == nil ? ManagerSession.maxFrame : MutualAuthentication.messageLimit
            guard length <= limit else {
                close()
                return requests
            }
            guard buffer.count >= 4 + length else { break }
            let payload = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(4 + length)
            if let step = handshake {
                switch step.receive(payload) {
                case let .reply(frame, next):
                    sendFrame(frame)
                    handshake = next
                case .done:
                    handshake = nil
                case let .refuse(frame):
                    if let frame { sendFrame(frame) }
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
        return requests
    }

    /// Sends one reply frame; closes the session if the client does not take it.
    func send(_ reply: ManagerReply) {
        sendFrame(reply.flattened())
    }

    private func sendFrame(_ payload: [UInt8]) {
        guard !isClosed else { return }
        do {
            try payload.withUnsafeBytes { try Framing.writeFrame(descriptor, $0) }
        } catch {
            close()
        }
    }
}
