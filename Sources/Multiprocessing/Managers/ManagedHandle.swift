/// Which object of which manager a proxy stands for; what a proxy is when
/// it is handed to a child. It carries the server's key, so a child can
/// connect as its parent did: hand proxies only to processes you trust
/// with the key.
struct ManagedHandle: Codable, Sendable {
    var address: MP.ManagerAddress
    var key: [UInt8]?
    var object: UInt64

    func call(_ operation: ManagerOperation) throws -> ManagerReply {
        try ManagerClient.forAddress(address, key: key).call(ManagerRequest(object: object, operation: operation))
    }

    func blob(_ operation: ManagerOperation) throws -> [UInt8] {
        guard case let .blob(bytes) = try call(operation) else { throw MP.ManagerError.unsupported("\(operation)") }
        return bytes
    }

    func count() throws -> Int {
        guard case let .count(count) = try call(.count) else { throw MP.ManagerError.unsupported("count") }
        return count
    }

    func flag(_ operation: ManagerOperation) throws -> Bool {
        switch try call(operation) {
        case let .flag(value): return value
        case .timedOut: return false
        default: throw MP.ManagerError.unsupported("\(operation)")
        }
    }

    func all() throws -> (items: [[UInt8]], keys: [[UInt8]]) {
        guard case let .blobs(items, keys) = try call(.all) else { throw MP.ManagerError.unsupported("all") }
        return (items, keys)
    }
}
