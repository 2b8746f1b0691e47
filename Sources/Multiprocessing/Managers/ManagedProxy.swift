extension MP {
    /// A proxy for an object held by a manager: `ListProxy`, `DictProxy`,
    /// `NamespaceProxy`, `ValueProxy`, `QueueProxy`, `LockProxy` or
    /// `EventProxy`. Every proxy is `Codable`, so it can be handed to a child
    /// inside its argument under every start method; each process then talks
    /// to the server over its own connection.
    public protocol ManagedProxy: Codable, Sendable {}
}

/// What every proxy is made of: the handle of its object, and the kind of
/// object it can stand for.
protocol HandleProxy: MP.ManagedProxy {
    static var kind: ManagedKind { get }
    init(handle: ManagedHandle)
}

extension ManagedHandle {
    /// A proxy of type `P` for the object a reply announced, checking that
    /// the object is of the kind `P` stands for.
    static func proxy<P: MP.ManagedProxy>(
        _ type: P.Type, from reply: ManagerReply, name: String, address: MP.ManagerAddress, key: [UInt8]?
    ) throws -> P {
        guard case let .created(id, kind) = reply else { throw MP.ManagerError.unsupported("create \(name)") }
        guard let proxyType = type as? any HandleProxy.Type else {
            throw MP.ManagerError.unsupported("\(type) is not one of the library's proxy types")
        }
        guard proxyType.kind == kind else {
            throw MP.ManagerError.wrongProxyType(name: name, expected: proxyType.kind.rawValue, found: kind.rawValue)
        }
        guard let proxy = proxyType.init(handle: ManagedHandle(address: address, key: key, object: id)) as? P else {
            throw MP.ManagerError.unsupported("\(type) is not one of the library's proxy types")
        }
        return proxy
    }
}
