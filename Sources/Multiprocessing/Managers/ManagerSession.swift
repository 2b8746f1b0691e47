#if canImport(Glibc)
import Glibc
#endif

/// One client of the manager's server, read without ever blocking.
///
/// The server serves everyone from one thread, so it must never wait on one
/// client: bytes are read as they come (`MSG_DONTWAIT`) into this session's
/// buffer, and a request is handled only once its whole frame is there. A
/// frame longer than `maxFrame` or a payload that is not a valid request
/// closes this session only. Replies go out with the shared framing; a
/// client that stops reading them is dropped once a one-second send
/// timeout (`SO_SNDTIMEO`) makes the write fail.
final class ManagerSession: MP.Waitable, @unchecked Sendable {
    static let maxFrame = 16 << 20

    let descriptor: Int32
    private var buffer: [UInt8] = []
    /// Where each read lands before joining `buffer`, kept for the session.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)
    private(set) var isClosed = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close()
    }

    var waitDescriptor: Int32 { descriptor }

    func close() {
        guard !isClosed else { return }
        isClosed = true
        Descriptors.close(descriptor)
    }

    /// Reads what has arrived and returns the complete requests in it.
    /// Closes the session on end of file, an oversize frame or garbage.
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
        while buffer.count >= 4 {
            let length = Int(UInt32(littleEndian: buffer.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }))
            guard length <= ManagerSession.maxFrame else {
                close()
                return requests
            }
            guard buffer.count >= 4 + length else { break }
            let payload = Array(buffer[4..<(4 + length)])
            buffer.removeFirst(4 + length)
            guard let request = try? payload.withUnsafeBytes({
                try MP.WireCoding.binary.decode(ManagerRequest.self, from: $0)
            }) else {
                close()
                return requests
            }
            requests.append(request)
        }
        return requests
    }

    /// Sends one reply frame; closes the session if the client does not take it.
    func send(_ reply: ManagerReply) {
        guard !isClosed else { return }
        do {
            let payload = try MP.WireCoding.binary.encode(reply)
            try payload.withUnsafeBytes { try Framing.writeFrame(descriptor, $0) }
        } catch {
            close()
        }
    }
}
