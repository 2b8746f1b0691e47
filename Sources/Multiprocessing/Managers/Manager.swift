#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// A server process that owns shared objects, which other processes use
    /// through proxies: Python's `multiprocessing.Manager()`.
    ///
    /// ```swift
    /// try MP.withManager { manager in
    ///     let numbers = try manager.list(Array(0..<10))
    ///     // hand `numbers` to children; each call goes to the server
    /// }
    /// ```
    ///
    /// Every operation is one request to the server, which answers one
    /// request at a time, so operations on one object are atomic with
    /// respect to each other. A value fetched from a proxy is a copy:
    /// changing it changes nothing shared (`var a = try list.toArray();
    /// a.append(1)` leaves the managed list as it was); write it back with the
    /// proxy to share the change.
    ///
    /// The server listens on a Unix socket in a private folder (mode 0700,
    /// socket 0600) and dies with the process that started it.
    public final class Manager: @unchecked Sendable {
        /// The socket clients connect to.
        public let address: ManagerAddress
        private let folder: String
        private let trackedFolder: TrackedResource?
        private let server: Process
        private let stopped = Locked(false)

        /// Starts the server process (with `context`'s start method).
        public init(context: Context? = nil) throws {
            var template = Swift.Array("/tmp/mp-manager-XXXXXX".utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw SystemCallError(call: "mkdtemp", code: errno)
            }
            folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // The tracker removes the folder (and the socket in it, tracked by
            // ListeningSocket) if this process ends without shutting down.
            trackedFolder = TrackedResource(.folder, folder)
            trackedFolder.map(ResourceTracker.register)
            address = .unix(folder + "/socket")
            do {
                let listener = try ListeningSocket.listen(at: address)
                server = (context ?? MP.context()).process(
                    target: ManagerServerMain.self, argument: ManagerServerOrder(listener: listener),
                    name: "ManagerServer", daemon: true)
                try server.start()
                // The server has its copy now. Keeping ours open would let
                // clients connect to a dead server and wait for ever.
                listener.close()
            } catch {
                unlink(folder + "/socket")
                rmdir(folder)
                trackedFolder.map(ResourceTracker.forget)
                throw error
            }
        }

        deinit {
            shutdown()
        }

        /// A managed list holding `items`.
        public func list<Element: Codable>(_ items: [Element] = []) throws -> ListProxy<Element> {
            try create(.list(items))
        }

        /// A managed dictionary holding `items`.
        public func dict<Key: Codable & Hashable, Value: Codable>(_ items: [Key: Value] = [:]) throws
            -> DictProxy<Key, Value>
        {
            try create(.dict(items))
        }

        /// A managed namespace: named values of any `Codable` types.
        public func namespace() throws -> NamespaceProxy {
            try create(.namespace)
        }

        /// A managed single value.
        public func value<Value: Codable>(_ initial: Value) throws -> ValueProxy<Value> {
            try create(.value(initial))
        }

        /// A managed queue of at most `maxSize` items (0: no limit).
        public func queue<Element: Codable>(of type: Element.Type = Element.self, maxSize: Int = 0) throws
            -> QueueProxy<Element>
        {
            try create(.queue(of: type, maxSize: maxSize))
        }

        /// A managed lock.
        public func lock() throws -> LockProxy {
            try create(.lock)
        }

        /// A managed event, initially clear.
        public func event() throws -> EventProxy {
            try create(.event)
        }

        /// Stops the server: asks it to stop, and kills it if it does not
        /// within a second. Proxies fail with `ManagerError.serverGone` after.
        public func shutdown() {
            let first = stopped.withLock { stopped in
                defer { stopped = true }
                return !stopped
            }
            guard first else { return }
            if server.isAlive {
                _ = try? ManagerClient.forAddress(address, key: nil).call(ManagerRequest(object: 0, operation: .shutdown))
            }
            ManagerClient.forget(address)
            if (try? server.join(timeout: 1)) != true {
                try? server.kill()
                _ = try? server.join(timeout: 5)
            }
            unlink(folder + "/socket")
            rmdir(folder)
            trackedFolder.map(ResourceTracker.forget)
        }

        private func create<P: ManagedProxy>(_ object: ManagedObject) throws -> P {
            let reply = try ManagerClient.forAddress(address, key: nil).call(
                ManagerRequest(object: 0, operation: .create(object.spec)))
            return try ManagedHandle.proxy(P.self, from: reply, name: "\(object.spec.kind)", address: address, key: nil)
        }
    }

    /// Runs `body` with a new manager, and shuts it down afterwards.
    public static func withManager<Result>(context: Context? = nil, _ body: (Manager) throws -> Result) throws -> Result {
        let manager = try Manager(context: context)
        defer { manager.shutdown() }
        return try body(manager)
    }
}
