/// This process's connection to one manager, opened on first use. Each
/// process has its own (a forked child starts without its parent's), and
/// one request at a time goes over it.
final class ManagerClient: @unchecked Sendable {
    private let connection: MP.Connection
    private let lock = ThreadLock()

    private init(connection: MP.Connection) {
        self.connection = connection
    }

    /// The client for the manager at `address` in this process.
    static func forAddress(_ address: String) throws -> ManagerClient {
        try ProcessState.current.managerClients.withLock { clients in
            if let client = clients[address] { return client }
            let connection: MP.Connection
            do {
                connection = try ListeningSocket.connect(to: address)
            } catch {
                throw MP.ManagerError.serverGone("cannot connect to \(address): \(error)")
            }
            let client = ManagerClient(connection: connection)
            clients[address] = client
            return client
        }
    }

    static func forget(_ address: String) {
        ProcessState.current.managerClients.withLock { $0[address]?.connection.close(); $0[address] = nil }
    }

    func call(_ request: ManagerRequest) throws -> ManagerReply {
        try lock.withLock {
            do {
                try connection.send(request)
                let reply = try connection.recv(ManagerReply.self)
                if case let .failure(error) = reply { throw error }
                return reply
            } catch let error as MP.ManagerError {
                throw error
            } catch {
                throw MP.ManagerError.serverGone("\(error)")
            }
        }
    }
}
