extension MP {
    /// A list held by a manager (Python's `manager.list()`). Every call is a
    /// request to the manager's server; the proxy can be handed to children.
    public struct ListProxy<Element: Codable>: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .list }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// Appends one item.
        public func append(_ item: Element) throws { _ = try handle.call(.append(WireCoding.binary.encode(item))) }
        /// Appends several items in one request.
        public func append(contentsOf items: [Element]) throws { _ = try handle.call(.extend(items.map { try WireCoding.binary.encode($0) })) }
        /// Inserts an item before `index` (negative counts from the end).
        public func insert(_ item: Element, at index: Int) throws { _ = try handle.call(.insert(index, WireCoding.binary.encode(item))) }
        /// The item at `index` (negative counts from the end); `ManagerError.indexOutOfRange` outside.
        public func get(_ index: Int) throws -> Element { try WireCoding.binary.decode(Element.self, from: handle.blob(.get(index: index))) }
        /// Replaces the item at `index`.
        public func set(_ index: Int, _ item: Element) throws { _ = try handle.call(.set(index: index, WireCoding.binary.encode(item))) }
        /// Removes and returns the item at `index`.
        @discardableResult
        public func remove(at index: Int) throws -> Element { try WireCoding.binary.decode(Element.self, from: handle.blob(.remove(index: index))) }
        /// How many items the list holds.
        public func count() throws -> Int { try handle.count() }
        /// A copy of the whole list (changing it changes nothing shared).
        public func toArray() throws -> [Element] { try handle.all().items.map { try WireCoding.binary.decode(Element.self, from: $0) } }
    }

    /// A dictionary held by a manager (Python's `manager.dict()`).
    public struct DictProxy<Key: Codable & Hashable, Value: Codable>: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .dictionary }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// The value for `key`; `ManagerError.keyNotFound` when absent.
        public func get(_ key: Key) throws -> Value { try WireCoding.binary.decode(Value.self, from: handle.blob(.lookup(key: WireCoding.binary.encode(key)))) }
        /// The value for `key`, or nil.
        public func value(forKey key: Key) throws -> Value? {
            do { return try get(key) } catch MP.ManagerError.keyNotFound { return nil }
        }
        /// Stores `value` under `key`.
        public func set(_ key: Key, _ value: Value) throws { _ = try handle.call(.store(key: WireCoding.binary.encode(key), WireCoding.binary.encode(value))) }
        /// Removes `key`; `ManagerError.keyNotFound` when absent.
        public func remove(_ key: Key) throws { _ = try handle.call(.delete(key: WireCoding.binary.encode(key))) }
        /// How many entries the dictionary holds.
        public func count() throws -> Int { try handle.count() }
        /// A copy of the whole dictionary.
        public func toDictionary() throws -> [Key: Value] {
            let (items, keys) = try handle.all()
            var result: [Key: Value] = [:]
            for (key, item) in zip(keys, items) { result[try WireCoding.binary.decode(Key.self, from: key)] = try WireCoding.binary.decode(Value.self, from: item) }
            return result
        }
    }

    /// Named values shared through a manager (Python's `manager.Namespace()`).
    public struct NamespaceProxy: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .namespace }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// Sets `name` to `value`.
        public func set<Value: Codable>(_ name: String, _ value: Value) throws {
            _ = try handle.call(.store(key: WireCoding.binary.encode(name), WireCoding.binary.encode(value)))
        }
        /// The value of `name`; `ManagerError.keyNotFound` when it was never set.
        public func get<Value: Codable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
            try WireCoding.binary.decode(type, from: handle.blob(.lookup(key: WireCoding.binary.encode(name))))
        }
        /// The names set so far.
        public func names() throws -> [String] { try handle.all().keys.map { try WireCoding.binary.decode(String.self, from: $0) } }
    }

    /// One value held by a manager (Python's `manager.Value()`).
    public struct ValueProxy<Value: Codable>: ManagedProxy, HandleProxy {
        static var kind: ManagedKind { .value }
        let handle: ManagedHandle
        init(handle: ManagedHandle) { self.handle = handle }

        /// The current value.
        public func get() throws -> Value { try WireCoding.binary.decode(Value.self, from: handle.blob(.all)) }
        /// Replaces the value.
        public func set(_ value: Value) throws { _ = try handle.call(.set(index: 0, WireCoding.binary.encode(value))) }
    }
}
