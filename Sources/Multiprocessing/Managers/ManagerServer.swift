#if canImport(Glibc)
import Glibc
#endif

struct ManagerServerOrder: Codable {
    /// The listening socket, handed over like a connection's descriptor.
    var listener: ListeningSocket
}

/// The manager's server process: owns the objects and answers one request
/// at a time, so operations on one object never interleave.
enum ManagerServerMain: MP.ProcessTarget {
    static func run(_ order: ManagerServerOrder) throws {
        var sessions: [ManagerSession] = []
        var store = ManagedStore()
        while true {
            let watched: [any MP.Waitable] = [order.listener] + sessions
            // Poll briefly before sleeping, as a blocking receive does: a
            // client's next request usually follows within microseconds.
            BriefSpin.waitReadable(try watched.map { try $0.waitDescriptor })
            let ready = try MP.wait(watched)
            if ready.contains(where: { $0 === order.listener }), let client = order.listener.acceptDescriptor() {
                sessions.append(ManagerSession(descriptor: client))
            }
            for session in sessions where ready.contains(where: { $0 === session }) {
                for request in session.receiveRequests() {
                    if case .shutdown = request.operation {
                        session.send(.done)
                        return
                    }
                    session.send(store.perform(request))
                }
            }
            sessions.removeAll { $0.isClosed }
        }
    }
}

/// The objects a manager holds, as encoded blobs. Each kind has its own
/// table, so an object changes in place through the table's subscript
/// instead of being copied out and back (which made every append O(n)).
struct ManagedStore {
    struct Dictionary {
        var keys: [[UInt8]] = []  // in insertion order, as Python's dict
        var values: [[UInt8]: [UInt8]] = [:]
    }

    private var lists: [UInt64: [[UInt8]]] = [:]
    private var dictionaries: [UInt64: Dictionary] = [:]
    private var values: [UInt64: [UInt8]] = [:]
    private var nextID: UInt64 = 1

    mutating func perform(_ request: ManagerRequest) -> ManagerReply {
        let id = request.object
        if case let .create(kind, items, keys) = request.operation {
            let id = nextID
            nextID += 1
            switch kind {
            case .list: lists[id] = items
            case .dictionary, .namespace:
                var dictionary = Dictionary()
                for (key, item) in zip(keys, items) {
                    _ = ManagedStore.apply(.store(key: key, item), to: &dictionary)
                }
                dictionaries[id] = dictionary
            case .value: values[id] = items.first ?? []
            }
            return .created(id)
        }
        if case .release = request.operation {
            let known = lists.removeValue(forKey: id) != nil || dictionaries.removeValue(forKey: id) != nil
                || values.removeValue(forKey: id) != nil
            return known ? .done : .failure(.unknownObject(id))
        }
        if lists[id] != nil { return ManagedStore.apply(request.operation, to: &lists[id]!) }
        if dictionaries[id] != nil { return ManagedStore.apply(request.operation, to: &dictionaries[id]!) }
        if let value = values[id] {
            switch request.operation {
            case .all: return .blob(value)
            case let .set(_, bytes):
                values[id] = bytes
                return .done
            default: return .failure(.unsupported("\(request.operation) on a value"))
            }
        }
        return .failure(.unknownObject(id))
    }

    private static func apply(_ operation: ManagerOperation, to items: inout [[UInt8]]) -> ManagerReply {
        switch operation {
        case let .append(item):
            items.append(item)
            return .done
        case let .extend(more):
            items.append(contentsOf: more)
            return .done
        case let .insert(index, item):
            items.insert(item, at: min(max(0, index < 0 ? items.count + index : index), items.count))
            return .done
        case let .get(index):
            guard let position = position(index, in: items.count) else { return outOfRange(index, items.count) }
            return .blob(items[position])
        case let .set(index, item):
            guard let position = position(index, in: items.count) else { return outOfRange(index, items.count) }
            items[position] = item
            return .done
        case let .remove(index):
            guard let position = position(index, in: items.count) else { return outOfRange(index, items.count) }
            return .blob(items.remove(at: position))
        case .count:
            return .count(items.count)
        case .all:
            return .blobs(items, keys: [])
        default:
            return .failure(.unsupported("\(operation) on a list"))
        }
    }

    private static func apply(_ operation: ManagerOperation, to dictionary: inout Dictionary) -> ManagerReply {
        switch operation {
        case let .lookup(key):
            guard let value = dictionary.values[key] else { return .failure(.keyNotFound(describe(key))) }
            return .blob(value)
        case let .store(key, value):
            if dictionary.values.updateValue(value, forKey: key) == nil { dictionary.keys.append(key) }
            return .done
        case let .delete(key):
            guard dictionary.values.removeValue(forKey: key) != nil else { return .failure(.keyNotFound(describe(key))) }
            dictionary.keys.removeAll { $0 == key }
            return .done
        case .count:
            return .count(dictionary.keys.count)
        case .all:
            return .blobs(dictionary.keys.compactMap { dictionary.values[$0] }, keys: dictionary.keys)
        default:
            return .failure(.unsupported("\(operation) on a dictionary"))
        }
    }

    /// Python's indexing: negative counts from the end.
    private static func position(_ index: Int, in count: Int) -> Int? {
        let position = index < 0 ? count + index : index
        return (0..<count).contains(position) ? position : nil
    }

    private static func outOfRange(_ index: Int, _ count: Int) -> ManagerReply {
        .failure(.indexOutOfRange(index: index, count: count))
    }

    private static func describe(_ key: [UInt8]) -> String {
        if let text = try? MP.WireCoding.binary.decode(String.self, from: key) {
            return "\"\(text)\""
        }
        if let number = try? MP.WireCoding.binary.decode(Int.self, from: key) {
            return String(number)
        }
        return "(a key of \(key.count) encoded bytes)"
    }
}
