/// This process's connections to one manager, opened on first use and
/// kept for the next call. Each process has its own (a forked child starts
/// without its parent's). A call takes an idle connection, or opens one, so
/// a thread blocked in a queue's `get` never holds up another thread's
/// `put` to the same manager.
final class ManagerClient: @unchecked Sendable {
    let address: MP.ManagerAddress
    private let key: [UInt8]?
    private let idle = Locked<[MP.Connection]>([])
    /// Sent on every connection this client opens, so that the server
    /// treats them as one client (a lock taken on one stays held until the
    /// last of them closes).
    private let token = UInt64.random(in: 1...UInt64.max)

    private init(address: MP.ManagerAddress, key: [UInt8]?) {
        self.address = address
        self.key = key
    }

    /// This process's clients, by address and key. Every child starts with
    /// none: a forked child must not share its parent's connections (their
    /// replies would go to whichever process reads first), nor take a lock
    /// another thread of the parent may have held at the fork.
    nonisolated(unsafe) private static var clients = Locked<[String: ManagerClient]>([:])

    private static let forgetInheritedClients: Void = {
        ProcessLifecycle.onChildStart("managers: forget the parent's connections") {
            ManagerClient.clients = Locked([:])
        }
    }()

    /// The client for the manager at `address` in this process.
    static func forAddress(_ address: MP.ManagerAddress, key: [UInt8]?) -> ManagerClient {
        _ = forgetInheritedClients
        return clients.withLock { clients in
            let name = cacheName(address, key)
            if let client = clients[name] { return client }
            let client = ManagerClient(address: address, key: key)
            clients[name] = client
            return client
        }
    }

    /// Closes this process's connections to the manager at `address`.
    static func forget(_ address: MP.ManagerAddress) {
        clients.withLock { clients in
            for (name, client) in clients where client.address == address {
                client.idle.withLock { connections in
                    connections.forEach { $0.close() }
                    connections = []
                }
                clients[name] = nil
            }
        }
    }

    /// Clients with different keys for one address are different clients.
    private static func cacheName(_ address: MP.ManagerAddress, _ key: [UInt8]?) -> String {
        guard let key else { return address.description }
        return address.description + "#" + HMACSHA256.code(key: key, message: Array("client".utf8)).prefix(8).map { String($0) }.joined(separator: ".")
    }

    /// Opens a connection, proves to the server (and has it prove) that both
    /// hold the key, and says which client it belongs to.
    func open() throws -> MP.Connection {
        let connection: MP.Connection
        do {
            connection = try ListeningSocket.connect(to: address)
        } catch let error as MP.ManagerError {
            throw error
        } catch {
            throw MP.ManagerError.serverGone("cannot connect to \(address): \(error)")
        }
        do {
            if let key { try MutualAuthentication.connect(connection, key: key) }
        } catch let error as MP.AuthenticationError {
            connection.close()
            throw error
        } catch {
            connection.close()
            throw MP.AuthenticationError(reason: "the server hung up during the handshake (\(error)); are both keys the same?")
        }
        do {
            _ = try exchange(ManagerRequest(object: 0, operation: .identify(token: token)).flattened(), on: connection)
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    func call(_ request: ManagerRequest) throws -> ManagerReply {
        // Refused before a connection is used, so a held lock stays held.
        let bytes = ManagerRequest(object: request.object, operation: try request.operation.validated()).flattened()
        guard bytes.count <= ManagerSession.maxFrame else {
            throw MP.ManagerError.messageTooLarge(bytes: bytes.count, limit: ManagerSession.maxFrame)
        }
        let connection = try idle.withLock { $0.popLast() } ?? open()
        let reply: ManagerReply
        do {
            reply = try exchange(bytes, on: connection)
        } catch {
            connection.close()
            throw error
        }
        idle.withLock { $0.append(connection) }
        if case let .failure(error) = reply { throw error }
        return reply
    }

    /// Sends one encoded request and reads its reply. Any error leaves the
    /// connection unusable: `ManagerError.serverGone` when it broke or the
    /// reply was malformed, `MP.AuthenticationError` when the server wanted
    /// a key first.
    private func exchange(_ request: [UInt8], on connection: MP.Connection) throws -> ManagerReply {
        let answer: [UInt8]
        do {
            try connection.sendBytes(request)
            answer = try connection.recvBytes(maxLength: ManagerSession.maxFrame)
        } catch {
            throw MP.ManagerError.serverGone("\(error)")
        }
        if answer.starts(with: MutualAuthentication.challengeTag) {
            throw MP.AuthenticationError(reason: "the server requires a key, and this client was given none")
        }
        do {
            return try ManagerReply(flat: answer)
        } catch {
            throw MP.ManagerError.serverGone("the server's reply was malformed")
        }
    }
}
