/// Looks entries up by key in a keyed container of the input.
///
/// The input's structure was checked before decoding began, so the lookups
/// mostly just compare key bytes; `BinaryDecodingStorage` remembers where the
/// last key was found, so that fields asked for in stored order cost no scan.
struct BinaryKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let storage: BinaryDecodingStorage
    /// Where the first entry starts.
    let entries: Int
    let count: Int
    let depth: Int
    /// The key or index this container was nested under, for coding paths.
    let nestedElement: BinaryPathElement?

    var codingPath: [any CodingKey] { storage.codingPath((nestedElement, nil)) }

    var allKeys: [Key] {
        var keys: [Key] = []
        keys.reserveCapacity(count)
        try? storage.forEachKey(entries: entries, count: count, depth: depth) { string in
            if let key = Key(stringValue: string) { keys.append(key) }
        }
        return keys
    }

    func contains(_ key: Key) -> Bool {
        (try? find(key)) != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        storage.isNil(at: try require(key).value)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        try decodePrimitive(key) { try storage.decodeBool(at: &$0, $1) }
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        try decodePrimitive(key) { try storage.decodeString(at: &$0, $1) }
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        try decodePrimitive(key) { try storage.decodeDouble(at: &$0, $1) }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float {
        try decodePrimitive(key) { try storage.decodeFloat(at: &$0, $1) }
    }

    func decode(_ type: Int.Type, forKey key: Key) throws -> Int {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 {
        try decodePrimitive(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (entry, value) = try require(key)
        return try storage.decodeValue(type, at: value, depth: depth + 1, (nestedElement, .key(at: entry)))
    }

    // The default `decodeIfPresent` looks the key up three times; these look once.

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try decodePrimitiveIfPresent(key) { try storage.decodeBool(at: &$0, $1) }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try decodePrimitiveIfPresent(key) { try storage.decodeString(at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try decodePrimitiveIfPresent(key) { try storage.decodeDouble(at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        try decodePrimitiveIfPresent(key) { try storage.decodeFloat(at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        try decodePrimitiveIfPresent(key) { try storage.decodeInteger(type, at: &$0, $1) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let (entry, value) = try find(key), !storage.isNil(at: value) else { return nil }
        return try storage.decodeValue(type, at: value, depth: depth + 1, (nestedElement, .key(at: entry)))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let (entry, value) = try require(key)
        let (nestedEntries, nestedCount) = try storage.openKeyedContainer(at: value, (nestedElement, .key(at: entry)))
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<NestedKey>(
            storage: storage, entries: nestedEntries, count: nestedCount, depth: depth + 1, nestedElement: .key(at: entry)
        ))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let (entry, value) = try require(key)
        let (elements, nestedCount) = try storage.openUnkeyedContainer(at: value, (nestedElement, .key(at: entry)))
        return BinaryUnkeyedDecodingContainer(
            storage: storage, elements: elements, count: nestedCount, depth: depth + 1, nestedElement: .key(at: entry)
        )
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(named: BinaryCodingKey.super.stringValue)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(named: key.stringValue)
    }

    /// A decoder for the entry `name`; like JSONDecoder, a missing entry reads as nil.
    private func superDecoder(named name: String) throws -> any Decoder {
        let value = try storage.findEntry(name, entries: entries, count: count, depth: depth)?.value
        return BinaryValueDecoder(storage: storage, offset: value ?? BinaryDecodingStorage.absentValue, depth: depth + 1)
    }

    private func find(_ key: Key) throws -> (entry: Int, value: Int)? {
        try storage.findEntry(key.stringValue, entries: entries, count: count, depth: depth)
    }

    private func require(_ key: Key) throws -> (entry: Int, value: Int) {
        guard let found = try find(key) else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(
                codingPath: codingPath,
                debugDescription: "No value for key \"\(key.stringValue)\""
            ))
        }
        return found
    }

    private func decodePrimitive<T>(
        _ key: Key,
        _ read: (inout Int, BinaryDecodingStorage.PathTail) throws -> T
    ) throws -> T {
        let (entry, value) = try require(key)
        var position = value
        return try read(&position, (nestedElement, .key(at: entry)))
    }

    private func decodePrimitiveIfPresent<T>(
        _ key: Key,
        _ read: (inout Int, BinaryDecodingStorage.PathTail) throws -> T
    ) throws -> T? {
        guard let (entry, value) = try find(key), !storage.isNil(at: value) else { return nil }
        var position = value
        return try read(&position, (nestedElement, .key(at: entry)))
    }
}
