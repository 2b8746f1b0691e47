/// The objects a manager holds, as encoded blobs. Each kind has its own
/// table, so an object changes in place through the table's subscript
/// instead of being copied out and back (which made every append O(n)).
struct ManagedStore {
    /// What a request comes to: an answer now, or a wait until the object
    /// changes (a get from an empty queue, an acquire of a held lock).
    enum Outcome {
        case reply(ManagerReply)
        case wait
    }

    struct Dictionary {
        var keys: [[UInt8]] = []  // in insertion order, as Python's dict
        var values: [[UInt8]: [UInt8]] = [:]
    }

    struct Queue {
        var items = BlobQueue()
        var maxSize = 0
    }

    struct Lock {
        /// The client holding it (`ManagerSession.owner`), if anyone does.
        var holder: UInt64?
    }

    private var lists: [UInt64: [[UInt8]]] = [:]
    private var dictionaries: [UInt64: Dictionary] = [:]
    private var values: [UInt64: [UInt8]] = [:]
    private var queues: [UInt64: Queue] = [:]
    private var locks: [UInt64: Lock] = [:]
    private var events: [UInt64: Bool] = [:]
    private var kinds: [UInt64: ManagedKind] = [:]
    private var nextID: UInt64 = 1

    func kind(of id: UInt64) -> ManagedKind? { kinds[id] }

    mutating func create(_ spec: ObjectSpec) -> UInt64 {
        let id = nextID
        nextID += 1
        kinds[id] = spec.kind
        switch spec.kind {
        case .list: lists[id] = spec.items
        case .dictionary, .namespace:
            var dictionary = Dictionary()
            for (key, item) in zip(spec.keys, spec.items) {
                _ = ManagedStore.apply(.store(key: key, item), to: &dictionary)
            }
            dictionaries[id] = dictionary
        case .value: values[id] = spec.items.first ?? []
        case .queue:
            var queue = Queue(maxSize: max(0, spec.maxSize))
            spec.items.forEach { queue.items.append($0) }
            queues[id] = queue
        case .lock: locks[id] = Lock()
        case .event: events[id] = false
        }
        return id
    }

    /// Performs `request` for the client `session`. A request that would
    /// wait but may not (timeout 0) times out at once.
    mutating func perform(_ request: ManagerRequest, owner: UInt64) -> Outcome {
        let outcome = attempt(request, owner: owner)
        if case .wait = outcome, case .some(.some(let timeout)) = request.operation.waitLimit, timeout <= 0 {
            return .reply(.timedOut)
        }
        return outcome
    }

    /// Frees what a client that went away held: its locks.
    mutating func clientEnded(_ owner: UInt64) {
        for (id, lock) in locks where lock.holder == owner { locks[id]?.holder = nil }
    }

    private mutating func attempt(_ request: ManagerRequest, owner: UInt64) -> Outcome {
        let id = request.object
        switch request.operation {
        case let .create(spec): return .reply(.created(create(spec), spec.kind))
        case .ping, .identify: return .reply(.done)
        case .release:
            guard kinds.removeValue(forKey: id) != nil else { return .reply(.failure(.unknownObject(id))) }
            lists[id] = nil
            dictionaries[id] = nil
            values[id] = nil
            queues[id] = nil
            locks[id] = nil
            events[id] = nil
            return .reply(.done)
        default: break
        }
        switch kinds[id] {
        case .list?: return .reply(ManagedStore.apply(request.operation, to: &lists[id]!))
        case .dictionary?, .namespace?: return .reply(ManagedStore.apply(request.operation, to: &dictionaries[id]!))
        case .value?: return .reply(ManagedStore.apply(request.operation, to: &values[id]!))
        case .queue?: return ManagedStore.apply(request.operation, to: &queues[id]!)
        case .lock?: return ManagedStore.apply(request.operation, to: &locks[id]!, owner: owner)
        case .event?: return ManagedStore.apply(request.operation, to: &events[id]!)
        case nil: return .reply(.failure(.unknownObject(id)))
        }
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
            return unsupported(operation, "list")
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
            return unsupported(operation, "dictionary")
        }
    }

    private static func apply(_ operation: ManagerOperation, to value: inout [UInt8]) -> ManagerReply {
        switch operation {
        case .all: return .blob(value)
        case let .set(_, bytes):
            value = bytes
            return .done
        default: return unsupported(operation, "value")
        }
    }

    private static func apply(_ operation: ManagerOperation, to queue: inout Queue) -> Outcome {
        switch operation {
        case let .put(item, _):
            guard queue.maxSize == 0 || queue.items.count < queue.maxSize else { return .wait }
            queue.items.append(item)
            return .reply(.done)
        case .take:
            guard let item = queue.items.popFirst() else { return .wait }
            return .reply(.blob(item))
        case .count:
            return .reply(.count(queue.items.count))
        default:
            return .reply(unsupported(operation, "queue"))
        }
    }

    private static func apply(_ operation: ManagerOperation, to lock: inout Lock, owner: UInt64) -> Outcome {
        switch operation {
        case .acquire:
            guard lock.holder == nil else { return .wait }
            lock.holder = owner
            return .reply(.done)
        case .unlock:
            // Like a plain Lock, any client may release it.
            guard lock.holder != nil else { return .reply(.failure(.notLocked)) }
            lock.holder = nil
            return .reply(.done)
        case .isFlagRaised:
            return .reply(.flag(lock.holder != nil))
        default:
            return .reply(unsupported(operation, "lock"))
        }
    }

    private static func apply(_ operation: ManagerOperation, to flag: inout Bool) -> Outcome {
        switch operation {
        case .raiseFlag:
            flag = true
            return .reply(.done)
        case .lowerFlag:
            flag = false
            return .reply(.done)
        case .isFlagRaised:
            return .reply(.flag(flag))
        case .waitForFlag:
            return flag ? .reply(.flag(true)) : .wait
        default:
            return .reply(unsupported(operation, "event"))
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

    private static func unsupported(_ operation: ManagerOperation, _ kind: String) -> ManagerReply {
        .failure(.unsupported("\(operation) on a \(kind)"))
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

/// A first-in, first-out queue of blobs with O(1) amortised pops.
struct BlobQueue {
    private var storage: [[UInt8]] = []
    private var head = 0

    var count: Int { storage.count - head }

    mutating func append(_ item: [UInt8]) { storage.append(item) }

    mutating func popFirst() -> [UInt8]? {
        guard head < storage.count else { return nil }
        let item = storage[head]
        storage[head] = []
        head += 1
        if head > 1024 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return item
    }
}
