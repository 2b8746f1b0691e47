/// The `Decoder` handed to `init(from:)`, and the single value container it
/// returns: where a value starts in the shared storage and how deep its
/// containers sit. Small enough to travel in an existential without allocating.
struct BinaryValueDecoder: Decoder, SingleValueDecodingContainer {
    let storage: BinaryDecodingStorage
    let offset: Int
    let depth: Int

    var codingPath: [any CodingKey] { storage.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { storage.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let (entries, count) = try storage.openKeyedContainer(at: offset, (nil, nil))
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<Key>(
            storage: storage, entries: entries, count: count, depth: depth, nestedElement: nil
        ))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (elements, count) = try storage.openUnkeyedContainer(at: offset, (nil, nil))
        return BinaryUnkeyedDecodingContainer(
            storage: storage, elements: elements, count: count, depth: depth, nestedElement: nil
        )
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    // MARK: - SingleValueDecodingContainer

    func decodeNil() -> Bool {
        storage.isNil(at: offset)
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        var position = offset
        return try storage.decodeBool(at: &position, (nil, nil))
    }

    func decode(_ type: String.Type) throws -> String {
        var position = offset
        return try storage.decodeString(at: &position, (nil, nil))
    }

    func decode(_ type: Double.Type) throws -> Double {
        var position = offset
        return try storage.decodeDouble(at: &position, (nil, nil))
    }

    func decode(_ type: Float.Type) throws -> Float {
        var position = offset
        return try storage.decodeFloat(at: &position, (nil, nil))
    }

    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try storage.decodeValue(type, at: offset, depth: depth, (nil, nil))
    }

    private func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        var position = offset
        return try storage.decodeInteger(type, at: &position, (nil, nil))
    }
}
