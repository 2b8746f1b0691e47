#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// A listening socket (Unix or TCP): a manager's server accepts its clients
/// on it. It travels to a server process like a connection's descriptor.
final class ListeningSocket: Codable, @unchecked Sendable {
    let descriptor: Int32
    /// Where it listens, with the actual port when port 0 was asked for.
    let address: MP.ManagerAddress
    /// For a Unix socket, the device and inode of the socket file it made,
    /// so that only that file is ever removed.
    private let socketFile: [UInt64]?

    init(descriptor: Int32, address: MP.ManagerAddress, socketFile: [UInt64]? = nil) {
        self.descriptor = descriptor
        self.address = address
        self.socketFile = socketFile
    }

    /// Listens at `address`. A Unix socket is made readable and writable by
    /// this user only; a stale socket file that nobody listens on any more is
    /// replaced, so a server can restart on the same path. A TCP socket
    /// reuses its address (`SO_REUSEADDR`) for the same reason.
    static func listen(at address: MP.ManagerAddress) throws -> ListeningSocket {
        switch address {
        case let .unix(path):
            let descriptor = try newSocket(AF_UNIX)
            do {
                var socketAddress = try UnixAddress(path)
                if socketAddress.withSockaddr({ bind(descriptor, $0, $1) }) != 0 {
                    guard errno == EADDRINUSE else { throw addressError("bind", address, errno) }
                    try replaceStaleSocket(at: path, for: address)
                    try retryingOnInterrupt("bind") { socketAddress.withSockaddr { bind(descriptor, $0, $1) } }
                }
                let identity = fileIdentity(path)
                do {
                    try retryingOnInterrupt("chmod") { chmod(path, 0o600) }
                    try retryingOnInterrupt("listen") { Glibc.listen(descriptor, SOMAXCONN) }
                } catch {
                    unlink(path)
                    throw error
                }
                // Removed by the tracker if this process ends before the server removes it.
                if let identity { ResourceTracker.register(socketResource(path, identity)) }
                return ListeningSocket(descriptor: descriptor, address: address, socketFile: identity)
            } catch {
                Descriptors.close(descriptor)
                throw error
            }
        case let .tcp(host, port):
            var lastError: any Error = MP.ManagerError.badAddress("no address found for \(host)")
            for candidate in try InternetAddress.resolve(host: host, port: port, passive: true) {
                let descriptor = try newSocket(candidate.family)
                var yes: Int32 = 1
                _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
                let bound = candidate.withSockaddr { bind(descriptor, $0, $1) } == 0
                if bound && Glibc.listen(descriptor, SOMAXCONN) == 0 {
                    let actualPort = InternetAddress.localPort(of: descriptor) ?? port
                    return ListeningSocket(descriptor: descriptor, address: .tcp(host: host, port: actualPort))
                }
                lastError = addressError(bound ? "listen" : "bind", address, errno)
                Descriptors.close(descriptor)
            }
            throw lastError
        }
    }

    /// Connects to a server listening at `address`.
    static func connect(to address: MP.ManagerAddress) throws -> MP.Connection {
        let descriptor: Int32
        switch address {
        case let .unix(path):
            descriptor = try newSocket(AF_UNIX)
            do {
                var socketAddress = try UnixAddress(path)
                try retryingOnInterrupt("connect") { socketAddress.withSockaddr { Glibc.connect(descriptor, $0, $1) } }
            } catch {
                Descriptors.close(descriptor)
                throw error
            }
        case let .tcp(host, port):
            var connected: Int32?
            var lastCode = ECONNREFUSED
            for candidate in try InternetAddress.resolve(host: host, port: port, passive: false) {
                let attempt = try newSocket(candidate.family)
                if candidate.withSockaddr({ Glibc.connect(attempt, $0, $1) }) == 0 {
                    connected = attempt
                    break
                }
                lastCode = errno
                Descriptors.close(attempt)
            }
            guard let connected else { throw addressError("connect", address, lastCode) }
            InternetAddress.disableNagle(connected)
            descriptor = connected
        }
        SignalSetup.ignoreBrokenPipeSignal()
        return MP.Connection(readDescriptor: descriptor, writeDescriptor: descriptor)
    }

    enum Accepted {
        case client(Int32)
        /// Nobody was waiting after all.
        case none
        /// The process or system is out of descriptors or memory for now.
        case outOfResources
    }

    /// The next waiting client.
    func acceptClient() -> Accepted {
        let client = mp_accept_cloexec(descriptor)
        guard client >= 0 else {
            switch errno {
            case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfResources
            default: return .none
            }
        }
        if address.isTCP { InternetAddress.disableNagle(client) }
        return .client(client)
    }

    /// Removes the socket file this listener made, if it is still there.
    func removeSocketFile() {
        guard case let .unix(path) = address, let socketFile else { return }
        ResourceTracker.forget(ListeningSocket.socketResource(path, socketFile))
        guard ListeningSocket.fileIdentity(path) == socketFile else { return }
        unlink(path)
    }

    private static func socketResource(_ path: String, _ identity: [UInt64]) -> TrackedResource {
        TrackedResource(kind: .file, path: path, device: identity[0], inode: identity[1])
    }

    private let closed = Locked(false)

    /// Stops listening: clients that connect after this are refused.
    func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        if first { Descriptors.close(descriptor) }
    }

    deinit {
        close()
    }

    private static func newSocket(_ family: Int32) throws -> Int32 {
        try retryingOnInterrupt("socket") { socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// Removes the socket file at `path` when it is left over from a server
    /// that is gone. Anything else there stays: a file that is not a socket,
    /// or a socket a live server still listens on (a non-blocking probe
    /// connects or finds its queue full).
    private static func replaceStaleSocket(at path: String, for address: MP.ManagerAddress) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else {
            throw MP.ManagerError.badAddress("\(path) exists and is not a socket; choose another path")
        }
        let probe = try newSocket(AF_UNIX)
        defer { Descriptors.close(probe) }
        _ = fcntl(probe, F_SETFL, fcntl(probe, F_GETFL) | O_NONBLOCK)
        var socketAddress = try UnixAddress(path)
        let refused = socketAddress.withSockaddr { Glibc.connect(probe, $0, $1) } != 0 && errno == ECONNREFUSED
        guard refused else { throw addressError("bind", address, EADDRINUSE) }
        unlink(path)
    }

    private static func fileIdentity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }

    private static func addressError(_ call: String, _ address: MP.ManagerAddress, _ code: Int32) -> MP.ManagerError {
        let reason = String(cString: strerror(code))
        if call == "connect" { return .serverGone("cannot connect to \(address): \(reason)") }
        return .badAddress("cannot \(call) \(address): \(reason)")
    }

    private enum CodingKeys: String, CodingKey {
        case index, address, socketFile
    }

    func encode(to encoder: any Encoder) throws {
        guard let handover = encoder.userInfo[DescriptorHandover.key] as? DescriptorHandover else {
            throw EncodingError.invalidValue(descriptor, .init(codingPath: encoder.codingPath,
                debugDescription: "a listening socket can only be handed to a child process"))
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(handover.register(descriptor), forKey: .index)
        try container.encode(address, forKey: .address)
        try container.encodeIfPresent(socketFile, forKey: .socketFile)
    }

    convenience init(from decoder: any Decoder) throws {
        guard let table = decoder.userInfo[DescriptorTable.key] as? DescriptorTable else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "a listening socket can only be received by a child process"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let received = try table.descriptor(at: container.decode(Int.self, forKey: .index))
        self.init(descriptor: try Descriptors.duplicate(received, atLeast: 3),
                  address: try container.decode(MP.ManagerAddress.self, forKey: .address),
                  socketFile: try container.decodeIfPresent([UInt64].self, forKey: .socketFile))
    }
}
