/// Reads the elements of an unkeyed container of the input in order.
struct BinaryUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let storage: BinaryDecodingStorage
    let depth: Int
    /// The key or index this container was nested under, for coding paths.
    let nestedElement: BinaryPathElement?
    private let elementCount: Int
    /// Where the element at `currentIndex` starts.
    private var position: Int
    private(set) var currentIndex = 0

    init(
        storage: BinaryDecodingStorage,
        elements: Int,
        count: Int,
        depth: Int,
        nestedElement: BinaryPathElement?
    ) {
        self.storage = storage
        self.position = elements
        self.elementCount = count
        self.depth = depth
        self.nestedElement = nestedElement
    }

    var codingPath: [any CodingKey] { storage.codingPath((nestedElement, nil)) }
    var count: Int? { elementCount }
    var isAtEnd: Bool { currentIndex >= elementCount }

    mutating func decodeNil() throws -> Bool {
        try checkNotAtEnd(Any?.self)
        guard storage.isNil(at: position) else { return false }
        position += 1
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool {
        try decodePrimitive(type) { try $0.decodeBool(at: &$1, $2) }
    }

    mutating func decode(_ type: String.Type) throws -> String {
        try decodePrimitive(type) { try $0.decodeString(at: &$1, $2) }
    }

    mutating func decode(_ type: Double.Type) throws -> Double {
        try decodePrimitive(type) { try $0.decodeDouble(at: &$1, $2) }
    }

    mutating func decode(_ type: Float.Type) throws -> Float {
        try decodePrimitive(type) { try $0.decodeFloat(at: &$1, $2) }
    }

    mutating func decode(_ type: Int.Type) throws -> Int {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: UInt.Type) throws -> UInt {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        try decodePrimitive(type) { try $0.decodeInteger(type, at: &$1, $2) }
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try checkNotAtEnd(type)
        let tail: BinaryDecodingStorage.PathTail = (nestedElement, .index(currentIndex))
        var end = position
        let value: T
        if let primitive = try storage.decodePrimitive(type, at: &end, tail) {
            value = primitive
        } else {
            value = try storage.decodeComposite(type, at: position, depth: depth + 1, tail)
            end = try storage.skipValue(at: position, depth: depth + 1)
        }
        position = end
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try checkNotAtEnd(KeyedDecodingContainer<NestedKey>.self)
        let element = BinaryPathElement.index(currentIndex)
        let (entries, nestedCount) = try storage.openKeyedContainer(at: position, (nestedElement, element))
        try advance()
        return KeyedDecodingContainer(BinaryKeyedDecodingContainer<NestedKey>(
            storage: storage, entries: entries, count: nestedCount, depth: depth + 1, nestedElement: element
        ))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try checkNotAtEnd((any UnkeyedDecodingContainer).self)
        let element = BinaryPathElement.index(currentIndex)
        let (elements, nestedCount) = try storage.openUnkeyedContainer(at: position, (nestedElement, element))
        try advance()
        return BinaryUnkeyedDecodingContainer(
            storage: storage, elements: elements, count: nestedCount, depth: depth + 1, nestedElement: element
        )
    }

    mutating func superDecoder() throws -> any Decoder {
        try checkNotAtEnd((any Decoder).self)
        let decoder = BinaryValueDecoder(storage: storage, offset: position, depth: depth + 1)
        try advance()
        return decoder
    }

    private mutating func advance() throws {
        position = try storage.skipValue(at: position, depth: depth + 1)
        currentIndex += 1
    }

    private func checkNotAtEnd(_ type: Any.Type) throws {
        guard isAtEnd else { return }
        throw DecodingError.valueNotFound(type, DecodingError.Context(
            codingPath: storage.codingPath((nestedElement, .index(currentIndex))),
            debugDescription: "Unkeyed container is at end: all \(elementCount) elements were decoded"
        ))
    }

    private mutating func decodePrimitive<T>(
        _ type: T.Type,
        _ read: (BinaryDecodingStorage, inout Int, BinaryDecodingStorage.PathTail) throws -> T
    ) throws -> T {
        try checkNotAtEnd(type)
        var end = position
        let value = try read(storage, &end, (nestedElement, .index(currentIndex)))
        position = end
        currentIndex += 1
        return value
    }
}
