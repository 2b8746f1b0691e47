/// What a manager's clients ask and what its server answers. Values travel
/// as opaque encoded blobs: the server stores and compares bytes and never
/// decodes a user's type, so it carries data only and needs no user code.
struct ManagerRequest: Codable {
    var object: UInt64
    var operation: ManagerOperation
}

enum ManagedKind: String, Codable {
    case list, dictionary, namespace, value
}

enum ManagerOperation: Codable {
    case create(ManagedKind, items: [[UInt8]], keys: [[UInt8]])
    case release
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
    case shutdown
}

enum ManagerReply: Codable {
    case done
    case created(UInt64)
    case count(Int)
    case blob([UInt8])
    case blobs([[UInt8]], keys: [[UInt8]])
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

        public var description: String {
            switch self {
            case let .indexOutOfRange(index, count):
                return "index \(index) is out of range for a managed list of \(count) items"
            case let .keyNotFound(key): return "no entry \(key) in the managed object"
            case let .unknownObject(id): return "the manager holds no object \(id) (was it released?)"
            case let .unsupported(what): return "a managed object cannot do this: \(what)"
            case let .serverGone(reason): return "the manager's server is not running: \(reason)"
            }
        }
    }
}
