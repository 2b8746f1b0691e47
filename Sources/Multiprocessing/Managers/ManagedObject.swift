extension MP {
    /// An object a server can hold, described by value: what a registered
    /// name or factory gives out (`register("getQueue", shared: .queue(of: String.self))`).
    ///
    /// A manager stores only encoded data, never code, so the objects it can
    /// hold are these kinds; clients reach each through its proxy type
    /// (`ListProxy`, `DictProxy`, `NamespaceProxy`, `ValueProxy`,
    /// `QueueProxy`, `LockProxy`, `EventProxy`).
    public struct ManagedObject: Sendable {
        let spec: ObjectSpec

        /// A list holding `items` (proxy: `ListProxy<Element>`).
        public static func list<Element: Codable>(_ items: [Element] = [], of type: Element.Type = Element.self) throws -> ManagedObject {
            ManagedObject(spec: ObjectSpec(kind: .list, items: try items.map { try WireCoding.binary.encode($0) }))
        }

        /// A dictionary holding `items` (proxy: `DictProxy<Key, Value>`).
        public static func dict<Key: Codable & Hashable, Value: Codable>(_ items: [Key: Value]) throws -> ManagedObject {
            let pairs = Swift.Array(items)
            return ManagedObject(spec: ObjectSpec(
                kind: .dictionary, items: try pairs.map { try WireCoding.binary.encode($0.value) },
                keys: try pairs.map { try WireCoding.binary.encode($0.key) }))
        }

        /// An empty namespace (proxy: `NamespaceProxy`).
        public static var namespace: ManagedObject { ManagedObject(spec: ObjectSpec(kind: .namespace)) }

        /// A single value (proxy: `ValueProxy<Value>`).
        public static func value<Value: Codable>(_ initial: Value) throws -> ManagedObject {
            ManagedObject(spec: ObjectSpec(kind: .value, items: [try WireCoding.binary.encode(initial)]))
        }

        /// A first-in, first-out queue of at most `maxSize` items, 0 for no
        /// limit (proxy: `QueueProxy<Element>`).
        public static func queue<Element: Codable>(of type: Element.Type, maxSize: Int = 0) -> ManagedObject {
            ManagedObject(spec: ObjectSpec(kind: .queue, maxSize: maxSize))
        }

        /// A lock, released by whoever holds it or, like a plain `Lock`, by
        /// anyone; freed when the client holding it disconnects (proxy: `LockProxy`).
        public static var lock: ManagedObject { ManagedObject(spec: ObjectSpec(kind: .lock)) }

        /// An event, initially clear (proxy: `EventProxy`).
        public static var event: ManagedObject { ManagedObject(spec: ObjectSpec(kind: .event)) }
    }
}
