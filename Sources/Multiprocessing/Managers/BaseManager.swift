extension MP {
    /// A manager you configure yourself, to serve named objects on an
    /// address other processes (or machines) reach, or to use such a server:
    /// Python's `BaseManager` subclasses with `register`.
    ///
    /// The serving side registers names and serves:
    ///
    /// ```swift
    /// let manager = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 50000), authKey: "secret")
    /// manager.register("getQueue", shared: .queue(of: String.self))
    /// try manager.serveForever()
    /// ```
    ///
    /// A client registers the same name with its proxy type, connects, and
    /// asks for the object:
    ///
    /// ```swift
    /// let manager = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 50000), authKey: "secret")
    /// manager.register("getQueue", proxy: MP.QueueProxy<String>.self)
    /// try manager.connect()
    /// let queue: MP.QueueProxy<String> = try manager.proxy("getQueue")
    /// try queue.put("Hi There")
    /// ```
    ///
    /// Both sides prove to each other that they hold the key, with a mutual
    /// HMAC-SHA256 challenge; the key itself never crosses the network. A
    /// client with a wrong key gets `MP.AuthenticationError`, and costs the
    /// server one hash. Unlike CPython's managers, which unpickle what
    /// clients send, the server only ever stores and returns encoded data.
    public final class BaseManager: @unchecked Sendable {
        /// The address this manager serves on or connects to.
        public let address: ManagerAddress
        let key: [UInt8]?
        private let registrations = Locked<[String: Registration]>([:])
        private let proxyTypes = Locked<[String: any ManagedProxy.Type]>([:])

        /// A manager for `address`. A TCP address needs a non-empty `authKey`
        /// (`ManagerError.authKeyRequired` otherwise); on a Unix socket the key
        /// is optional, since the socket is private to its owner (mode 0600).
        public init(address: ManagerAddress, authKey: [UInt8]? = nil) throws {
            if address.isTCP && (authKey ?? []).isEmpty { throw ManagerError.authKeyRequired }
            self.address = address
            key = authKey.flatMap { $0.isEmpty ? nil : $0 }
        }

        /// A manager for `address` with a key given as text (its UTF-8 bytes).
        public convenience init(address: ManagerAddress, authKey: String) throws {
            try self.init(address: address, authKey: Swift.Array(authKey.utf8))
        }

        // MARK: Serving

        /// Registers `name` as one object, made when serving starts: every
        /// client that asks for `name` gets the same object.
        public func register(_ name: String, shared object: ManagedObject) {
            registrations.withLock { $0[name] = .shared(object.spec) }
        }

        /// Registers `name` as a factory: each client's call runs `make` in
        /// the serving process and gets a new object. An error thrown by
        /// `make` comes back to the caller as `ManagerError.factoryFailed`.
        public func register(_ name: String, _ make: @escaping @Sendable () throws -> ManagedObject) {
            registrations.withLock { $0[name] = .factory(make) }
        }

        /// Starts listening (so the address is taken and, for port 0, known)
        /// and returns the server, which serves once `serveForever()` is called.
        public func server() throws -> ManagerServer {
            try ManagerServer(listener: ListeningSocket.listen(at: address), key: key,
                              registry: registrations.withLock { $0 })
        }

        /// Serves in this process until a client calls `shutdownServer()`.
        public func serveForever() throws {
            try server().serveForever()
        }

        // MARK: Using a server

        /// Registers `name` on the client side: `proxy(name)` will give a `P`.
        public func register<P: ManagedProxy>(_ name: String, proxy type: P.Type) {
            proxyTypes.withLock { $0[name] = type }
        }

        /// Connects to the server and runs the mutual challenge, so a wrong
        /// key or a missing server shows up here, as `MP.AuthenticationError`
        /// or `ManagerError.serverGone`. Proxies connect on first use anyway.
        public func connect() throws {
            let client = ManagerClient.forAddress(address, key: key)
            _ = try client.call(ManagerRequest(object: 0, operation: .ping))
        }

        /// The object the server registered as `name`, through a proxy of the
        /// type registered for it on this side.
        public func proxy<P: ManagedProxy>(_ name: String, as type: P.Type = P.self) throws -> P {
            guard let registered = proxyTypes.withLock({ $0[name] }) else { throw ManagerError.notRegistered(name) }
            guard registered == type else {
                throw ManagerError.unsupported("\"\(name)\" was registered with proxy \(registered), not \(type)")
            }
            let reply = try ManagerClient.forAddress(address, key: key).call(
                ManagerRequest(object: 0, operation: .call(name: name)))
            return try ManagedHandle.proxy(type, from: reply, name: name, address: address, key: key)
        }

        /// Asks the server to stop serving; its `serveForever()` returns.
        public func shutdownServer() throws {
            _ = try ManagerClient.forAddress(address, key: key).call(ManagerRequest(object: 0, operation: .shutdown))
            ManagerClient.forget(address)
        }
    }

    /// A server made by `BaseManager.server()`: already listening on
    /// `address`, serving once `serveForever()` runs.
    public final class ManagerServer: @unchecked Sendable {
        /// Where it listens (with the actual port when port 0 was asked for).
        public let address: ManagerAddress
        private let loop: ServerLoop
        private let stopSignal: StopSignal

        init(listener: ListeningSocket, key: [UInt8]?, registry: [String: Registration]) throws {
            address = listener.address
            stopSignal = try StopSignal()
            loop = ServerLoop(listener: listener, key: key, registry: registry, stopSignal: stopSignal)
        }

        /// Serves every client, one request at a time, until a client asks
        /// it to shut down or `stop()` is called from another thread. Then it
        /// stops listening and closes every client's connection; a server
        /// serves once (make a new one to serve again).
        public func serveForever() throws {
            try loop.run()
        }

        /// Makes `serveForever()` return (safe from any thread).
        public func stop() {
            stopSignal.fire()
        }
    }
}
