/// Appends elements to an open unkeyed container of the storage.
struct BinaryUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let storage: BinaryEncodingStorage
    let frame: BinaryEncodingStorage.FrameReference

    var codingPath: [any CodingKey] { storage.codingPath }
    var count: Int { storage.elementCount(in: frame) }

    mutating func encodeNil() throws {
        try storage.activate(frame)
        storage.writeNil()
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Bool) throws {
        try storage.activate(frame)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: String) throws {
        try storage.activate(frame)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Double) throws {
        try storage.activate(frame)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Float) throws {
        try storage.activate(frame)
        storage.write(value)
        storage.countElement(in: frame)
    }

    mutating func encode(_ value: Int) throws { try encodeSigned(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try encodeSigned(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try encodeSigned(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try encodeSigned(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try encodeSigned(value) }
    mutating func encode(_ value: UInt) throws { try encodeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try encodeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try encodeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try encodeUnsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try encodeUnsigned(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try storage.activate(frame)
        let mark = storage.bytes.count
        try storage.encodeValue(value, at: .index(count), in: frame, rollbackTo: mark)
        storage.countElement(in: frame)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let (nestedStorage, nestedFrame) = storage.beginNestedContainer(keyed: true, in: frame, key: nil)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<NestedKey>(storage: nestedStorage, frame: nestedFrame))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let (nestedStorage, nestedFrame) = storage.beginNestedContainer(keyed: false, in: frame, key: nil)
        return BinaryUnkeyedEncodingContainer(storage: nestedStorage, frame: nestedFrame)
    }

    mutating func superEncoder() -> any Encoder {
        storage.beginSuperEncoder(in: frame, key: nil)
    }

    private func encodeSigned(_ value: Int64) throws {
        try storage.activate(frame)
        storage.write(signed: value)
        storage.countElement(in: frame)
    }

    private func encodeUnsigned(_ value: UInt64) throws {
        try storage.activate(frame)
        storage.write(unsigned: value)
        storage.countElement(in: frame)
    }
}
