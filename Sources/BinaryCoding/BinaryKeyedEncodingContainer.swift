/// Writes entries (key, then value) into an open keyed container of the storage.
struct BinaryKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let storage: BinaryEncodingStorage
    let frame: BinaryEncodingStorage.FrameReference

    var codingPath: [any CodingKey] { storage.codingPath }

    mutating func encodeNil(forKey key: Key) throws {
        try beginEntry(key)
        storage.writeNil()
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try beginEntry(key)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try beginEntry(key)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try beginEntry(key)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try beginEntry(key)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { try encodeSigned(Int64(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try encodeSigned(Int64(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try encodeSigned(Int64(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try encodeSigned(Int64(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try encodeSigned(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try encodeUnsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try encodeUnsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try encodeUnsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try encodeUnsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try encodeUnsigned(value, key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try storage.activate(frame)
        let mark = storage.bytes.count
        storage.writeKey(key.stringValue)
        try storage.encodeValue(value, at: .key(at: mark), in: frame, rollbackTo: mark)
        storage.countElement(in: frame)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let (nestedStorage, nestedFrame) = storage.beginNestedContainer(keyed: true, in: frame, key: key.stringValue)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<NestedKey>(storage: nestedStorage, frame: nestedFrame))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let (nestedStorage, nestedFrame) = storage.beginNestedContainer(keyed: false, in: frame, key: key.stringValue)
        return BinaryUnkeyedEncodingContainer(storage: nestedStorage, frame: nestedFrame)
    }

    mutating func superEncoder() -> any Encoder {
        storage.beginSuperEncoder(in: frame, key: BinaryCodingKey.super.stringValue)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        storage.beginSuperEncoder(in: frame, key: key.stringValue)
    }

    private func beginEntry(_ key: Key) throws {
        try storage.activate(frame)
        storage.writeKey(key.stringValue)
    }

    private func encodeSigned(_ value: Int64, _ key: Key) throws {
        try beginEntry(key)
        storage.write(signed: value)
        storage.countElement(in: frame)
    }

    private func encodeUnsigned(_ value: UInt64, _ key: Key) throws {
        try beginEntry(key)
        storage.write(unsigned: value)
        storage.countElement(in: frame)
    }
}
