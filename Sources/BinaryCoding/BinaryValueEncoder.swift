/// The `Encoder` handed to `encode(to:)`, and the single value container it
/// returns: a value's start position and its parent container in the shared
/// storage. Small enough to travel in an existential without allocating.
struct BinaryValueEncoder: Encoder, SingleValueEncodingContainer {
    let storage: BinaryEncodingStorage
    let start: Int
    let parent: BinaryEncodingStorage.FrameReference

    var codingPath: [any CodingKey] { storage.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { storage.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let frame = storage.beginContainer(keyed: true, start: start, parent: parent)
        return KeyedEncodingContainer(BinaryKeyedEncodingContainer<Key>(storage: storage, frame: frame))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let frame = storage.beginContainer(keyed: false, start: start, parent: parent)
        return BinaryUnkeyedEncodingContainer(storage: storage, frame: frame)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }

    // MARK: - SingleValueEncodingContainer

    mutating func encodeNil() throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.writeNil()
    }

    mutating func encode(_ value: Bool) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(value)
    }

    mutating func encode(_ value: String) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(value)
    }

    mutating func encode(_ value: Double) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(value)
    }

    mutating func encode(_ value: Float) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(value)
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
        try storage.beginSingleValue(start: start, parent: parent)
        try storage.encodeValue(value, at: nil, in: parent, rollbackTo: start)
    }

    private func encodeSigned(_ value: Int64) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(signed: value)
    }

    private func encodeUnsigned(_ value: UInt64) throws {
        try storage.beginSingleValue(start: start, parent: parent)
        storage.write(unsigned: value)
    }
}
