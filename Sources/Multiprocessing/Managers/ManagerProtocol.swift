/// What a manager's clients ask and what its server answers. Values travel
/// as opaque encoded blobs: the server stores and compares bytes and never
/// decodes a user's type, so it carries data only and needs no user code.
struct ManagerRequest {
    var object: UInt64
    var operation: ManagerOperation
}

/// The kinds of object a manager can hold; each has its own proxy type.
enum ManagedKind: String, Codable, Sendable {
    case list, dictionary, namespace, value, queue, lock, event
}

/// A new object: its kind and initial contents.
struct ObjectSpec: Sendable {
    var kind: ManagedKind
    var items: [[UInt8]] = []
    var keys: [[UInt8]] = []
    /// For a queue: at most this many items (0: no limit).
    var maxSize = 0
}

/// One request. Blocking ones carry a timeout in seconds: nil waits as long
/// as it takes, 0 does not wait at all.
enum ManagerOperation {
    case create(ObjectSpec)
    /// The object registered under `name` (a shared one, or a new one from a factory).
    case call(name: String)
    case release
    // Lists, dictionaries, namespaces and values.
    case append([UInt8])
    case extend([[UInt8]])
    case insert(Int, [UInt8])
    case get(index: Int)
    case set(index: Int, [UInt8])
    case remove(index: Int)
    case count
    case all
    case lookup(key: [UInt8])
    case store(key: [UInt8], [UInt8])
    case delete(key: [UInt8])
    // Queues.
    case put([UInt8], timeout: Double?)
    case take(timeout: Double?)
    // Locks.
    case acquire(timeout: Double?)
    case unlock
    // Events.
    case raiseFlag
    case lowerFlag
    case isFlagRaised
    case waitForFlag(timeout: Double?)
    /// Nothing: answered with `done`, to check a connection.
    case ping
    /// The first request on each connection: which client (one per process
    /// and server) it belongs to.
    case identify(token: UInt64)
    case shutdown

    /// The same request with its timeout checked: an infinite timeout is
    /// no timeout, and one that is not a number is refused.
    func validated() throws -> ManagerOperation {
        func clean(_ timeout: Double?) throws -> Double? {
            guard let timeout else { return nil }
            guard !timeout.isNaN else { throw MP.ManagerError.unsupported("a timeout that is not a number") }
            return timeout.isInfinite && timeout > 0 ? nil : timeout
        }
        switch self {
        case let .put(item, timeout): return .put(item, timeout: try clean(timeout))
        case let .take(timeout): return .take(timeout: try clean(timeout))
        case let .acquire(timeout): return .acquire(timeout: try clean(timeout))
        case let .waitForFlag(timeout): return .waitForFlag(timeout: try clean(timeout))
        default: return self
        }
    }

    /// Whether the request can let a parked one go on.
    var mayUnblockOthers: Bool {
        switch self {
        case .put, .take, .unlock, .raiseFlag, .release: return true
        default: return false
        }
    }

    /// The timeout of a request that may have to wait, or nil for one that never does.
    var waitLimit: Double?? {
        switch self {
        case let .put(_, timeout), let .take(timeout), let .acquire(timeout), let .waitForFlag(timeout): return .some(timeout)
        default: return .none
        }
    }
}

enum ManagerReply {
    case done
    case created(UInt64, ManagedKind)
    case count(Int)
    case flag(Bool)
    case blob([UInt8])
    case blobs([[UInt8]], keys: [[UInt8]])
    /// A blocking request's timeout passed first.
    case timedOut
    case failure(MP.ManagerError)
}

extension MP {
    /// A manager or one of its proxies could not do what was asked.
    public enum ManagerError: Error, CustomStringConvertible, Equatable, Sendable, Codable {
        /// A list index outside the list (Python's IndexError).
        case indexOutOfRange(index: Int, count: Int)
        /// A dictionary key or namespace name that is not there (KeyError, AttributeError).
        case keyNotFound(String)
        /// The object is not (or no longer) held by the manager.
        case unknownObject(UInt64)
        /// The operation does not apply to this kind of object.
        case unsupported(String)
        /// The manager's server is not running (it was shut down, or died).
        case serverGone(String)
        /// No object or factory is registered under this name on the server.
        case unknownName(String)
        /// `proxy(_:)` was asked for a name this side never registered.
        case notRegistered(String)
        /// The server's object is of another kind than the proxy asked for.
        case wrongProxyType(name: String, expected: String, found: String)
        /// A registered factory threw; its error's description.
        case factoryFailed(name: String, reason: String)
        /// A lock was released while nobody held it.
        case notLocked
        /// An address that cannot be listened on or resolved.
        case badAddress(String)
        /// A manager on TCP was given no key (or an empty one).
        case authKeyRequired
        /// A request or reply longer than a manager's frame limit.
        case messageTooLarge(bytes: Int, limit: Int)
        /// `serveForever()` was called again on a server that has finished.
        case alreadyServed

        public var description: String {
            switch self {
            case let .indexOutOfRange(index, count):
                return "index \(index) is out of range for a managed list of \(count) items"
            case let .keyNotFound(key): return "no entry \(key) in the managed object"
            case let .unknownObject(id): return "the manager holds no object \(id) (was it released?)"
            case let .unsupported(what): return "a managed object cannot do this: \(what)"
            case let .serverGone(reason): return "the manager's server is not running: \(reason)"
            case let .unknownName(name):
                return "the manager's server has nothing registered as \"\(name)\" (register it on the server before serving)"
            case let .notRegistered(name):
                return "\"\(name)\" was not registered on this side: call register(\"\(name)\", proxy: ...) before asking for it"
            case let .wrongProxyType(name, expected, found):
                return "\"\(name)\" is a managed \(found), but a proxy for a \(expected) was asked for"
            case let .factoryFailed(name, reason): return "the factory registered as \"\(name)\" failed: \(reason)"
            case .notLocked: return "release() of a managed lock that nobody holds"
            case let .badAddress(reason): return "bad manager address: \(reason)"
            case .authKeyRequired:
                return "a manager on TCP needs a non-empty authKey: anyone who can reach the port could otherwise use it"
            case let .messageTooLarge(bytes, limit):
                return "a manager message of \(bytes) bytes is over the limit of \(limit) bytes: store smaller values, or fetch a list in parts"
            case .alreadyServed:
                return "this server has finished serving; make a new one with server() to serve again"
            }
        }
    }
}
