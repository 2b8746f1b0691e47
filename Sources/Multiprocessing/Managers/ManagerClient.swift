/// This process's connections to one manager, opened on first use and
/// kept for the next call. Each process has its own (a forked child starts
/// without its parent's). A call takes an idle connection, or opens one, so
/// a thread blocked in a queue's `get` never holds up another thread's
/// `put` to the same manager.
final class ManagerClient: @unchecked Sendable {
    let address: MP.ManagerAddress
    private let key: [UInt8]?
    private let idle = Locked<[MP.Connection]>([])

    private init(address: MP.ManagerAddress, key: [UInt8]?) {
        self.address = address
        self.key = key
    }

    /// The client for the manager at `address` in this process.
    static func forAddress(_ address: MP.ManagerAddress, key: [UInt8]?) -> ManagerClient {
        ProcessState.current.managerClients.withLock { clients in
            let name = cacheName(address, key)
            if let client = clients[name] { return client }
            let client = ManagerClient(address: address, key: key)
            clients[name] = client
            return client
        }
    }

    /// Closes this process's connections to the manager at `address`.
    static func forget(_ address: MP.ManagerAddress) {
        ProcessState.current.managerClients.withLock { clients in
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

    /// Opens a connection and proves to the server (and has it prove) that
    /// both hold the key.
    func open() throws -> MP.Connection {
        let connection: MP.Connection
        do {
            connection = try ListeningSocket.connect(to: address)
        } catch let error as MP.ManagerError {
            throw error
        } catch {
            throw MP.ManagerError.serverGone("cannot connect to \(address): \(error)")
        }
        guard let key else { return connection }
        do {
            try MutualAuthentication.connect(connection, key: key)
        } catch let error as MP.AuthenticationError {
            connection.close()
            throw error
        } catch {
            connection.close()
            throw MP.AuthenticationError(reason: "the server hung up during the handshake (\(error)); are both keys the same?")
        }
        return connection
    }

    func call(_ request: ManagerRequest) throws -> ManagerReply {
        let connection = try idle.withLock { $0.popLast() } ?? open()
        let reply: ManagerReply
        do {
            try connection.sendBytes(request.flattened())
            reply = try ManagerReply(flat: connection.recvBytes(maxLength: ManagerSession.maxFrame))
        } catch {
            connection.close()
            throw MP.ManagerError.serverGone("\(error)")
        }
        idle.withLock { $0.append(connection) }
        if case let .failure(error) = reply { throw error }
        return reply
    }
}
