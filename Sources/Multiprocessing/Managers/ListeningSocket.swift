#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// A listening Unix socket: the manager's server accepts its clients on
/// it. It travels to the server process like a connection's descriptor.
final class ListeningSocket: MP.Waitable, Codable, @unchecked Sendable {
    let descriptor: Int32

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Listens at `path`, readable and writable by this user only.
    static func listen(at path: String) throws -> ListeningSocket {
        let descriptor = try retryingOnInterrupt("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var address = try UnixAddress(path)
            try retryingOnInterrupt("bind") { address.withSockaddr { bind(descriptor, $0, $1) } }
            try retryingOnInterrupt("chmod") { chmod(path, 0o600) }
            try retryingOnInterrupt("listen") { Glibc.listen(descriptor, 128) }
        } catch {
            Descriptors.close(descriptor)
            throw error
        }
        return ListeningSocket(descriptor: descriptor)
    }

    /// Connects to a listening socket at `path`.
    static func connect(to path: String) throws -> MP.Connection {
        let descriptor = try retryingOnInterrupt("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var address = try UnixAddress(path)
            try retryingOnInterrupt("connect") { address.withSockaddr { Glibc.connect(descriptor, $0, $1) } }
        } catch {
            Descriptors.close(descriptor)
            throw error
        }
        SignalSetup.ignoreBrokenPipeSignal()
        return MP.Connection(readDescriptor: descriptor, writeDescriptor: descriptor)
    }

    /// The next client's descriptor, or nil if none was waiting after all.
    func acceptDescriptor() -> Int32? {
        let client = mp_accept_cloexec(descriptor)
        return client >= 0 ? client : nil
    }

    var waitDescriptor: Int32 { descriptor }

    deinit {
        Descriptors.close(descriptor)
    }

    private enum CodingKeys: String, CodingKey {
        case index
    }

    func encode(to encoder: any Encoder) throws {
        guard let handover = encoder.userInfo[DescriptorHandover.key] as? DescriptorHandover else {
            throw EncodingError.invalidValue(descriptor, .init(codingPath: encoder.codingPath,
                debugDescription: "a listening socket can only be handed to a child process"))
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(handover.register(descriptor), forKey: .index)
    }

    convenience init(from decoder: any Decoder) throws {
        guard let table = decoder.userInfo[DescriptorTable.key] as? DescriptorTable else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a listening socket can only be received by a child process"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let received = try table.descriptor(at: container.decode(Int.self, forKey: .index))
        self.init(descriptor: try Descriptors.duplicate(received, atLeast: 3))
    }
}

/// A `sockaddr_un` for a path.
struct UnixAddress {
    private var storage = sockaddr_un()

    init(_ path: String) throws {
        storage.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        guard bytes.count < capacity else {
            throw MP.SystemCallError(call: "bind (socket path longer than \(capacity - 1) bytes)", code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }

    mutating func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
