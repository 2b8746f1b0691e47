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
        /// The socket path clients connect to.
        public let address: String
        private let folder: String
        private let server: Process
        private let stopped = Locked(false)

        /// Starts the server process (with `context`'s start method).
        public init(context: Context? = nil) throws {
            var template = Swift.Array("/tmp/mp-manager-XXXXXX".utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw SystemCallError(call: "mkdtemp", code: errno)
            }
            folder = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            address = folder + "/socket"
            do {
                let listener = try ListeningSocket.listen(at: address)
                server = (context ?? MP.context()).process(
                    target: ManagerServerMain.self, argument: ManagerServerOrder(listener: listener),
                    name: "ManagerServer", daemon: true)
                try server.start()
            } catch {
                unlink(address)
                rmdir(folder)
                throw error
            }
        }

        deinit {
            shutdown()
        }

        /// A managed list holding `items`.
        public func list<Element: Codable>(_ items: [Element] = []) throws -> ListProxy<Element> {
            ListProxy(handle: try create(.list, items: items.map { try WireCoding.binary.encode($0) }, keys: []))
        }

        /// A managed dictionary holding `items`.
        public func dict<Key: Codable & Hashable, Value: Codable>(_ items: [Key: Value] = [:]) throws
            -> DictProxy<Key, Value>
        {
            let pairs = Swift.Array(items)
            return DictProxy(handle: try create(.dictionary, items: pairs.map { try WireCoding.binary.encode($0.value) }, keys: pairs.map { try WireCoding.binary.encode($0.key) }))
        }

        /// A managed namespace: named values of any `Codable` types.
        public func namespace() throws -> NamespaceProxy {
            NamespaceProxy(handle: try create(.namespace, items: [], keys: []))
        }

        /// A managed single value.
        public func value<Value: Codable>(_ initial: Value) throws -> ValueProxy<Value> {
            ValueProxy(handle: try create(.value, items: [WireCoding.binary.encode(initial)], keys: []))
        }

        /// Stops the server: asks it to stop, and kills it if it does not
        /// within a second. Proxies fail with `ManagerError.serverGone` after.
        public func shutdown() {
            let first = stopped.withLock { stopped in
                defer { stopped = true }
                return !stopped
            }
            guard first else { return }
            _ = try? ManagerClient.forAddress(address).call(ManagerRequest(object: 0, operation: .shutdown))
            ManagerClient.forget(address)
            if (try? server.join(timeout: 1)) != true {
                try? server.kill()
                _ = try? server.join(timeout: 5)
            }
            unlink(address)
            rmdir(folder)
        }

        private func create(_ kind: ManagedKind, items: [[UInt8]], keys: [[UInt8]]) throws -> ManagedHandle {
            let reply = try ManagerClient.forAddress(address).call(
                ManagerRequest(object: 0, operation: .create(kind, items: items, keys: keys)))
            guard case let .created(id) = reply else { throw ManagerError.unsupported("create") }
            return ManagedHandle(address: address, object: id)
        }
    }

    /// Runs `body` with a new manager, and shuts it down afterwards.
    public static func withManager<Result>(context: Context? = nil, _ body: (Manager) throws -> Result) throws -> Result {
        let manager = try Manager(context: context)
        defer { manager.shutdown() }
        return try body(manager)
    }
}

/// Which object of which manager a proxy stands for; what a proxy is when
/// it is handed to a child.
struct ManagedHandle: Codable, Sendable {
    var address: String
    var object: UInt64

    func call(_ operation: ManagerOperation) throws -> ManagerReply {
        try ManagerClient.forAddress(address).call(ManagerRequest(object: object, operation: operation))
    }

    func blob(_ operation: ManagerOperation) throws -> [UInt8] {
        guard case let .blob(bytes) = try call(operation) else { throw MP.ManagerError.unsupported("\(operation)") }
        return bytes
    }

    func count() throws -> Int {
        guard case let .count(count) = try call(.count) else { throw MP.ManagerError.unsupported("count") }
        return count
    }

    func all() throws -> (items: [[UInt8]], keys: [[UInt8]]) {
        guard case let .blobs(items, keys) = try call(.all) else { throw MP.ManagerError.unsupported("all") }
        return (items, keys)
    }
}
