import FoundationEssentials

/// The state of one `BinaryDecoder.decode(_:from:)` call: the input and the
/// bookkeeping shared by every decoder and container of that call.
///
/// `BinaryDecoder` checks the whole structure of the input with
/// `skipValue(at:depth:)` before decoding anything, so every length and count
/// read later is known to fit. The readers still check bounds: they must
/// never read outside the input, whatever it holds.
final class BinaryDecodingStorage {
    /// Path elements for errors: the key or index a value was found under,
    /// and the one its container was nested under, if any.
    typealias PathTail = (nested: BinaryPathElement?, element: BinaryPathElement?)

    /// Where a decoder for a missing `superDecoder(forKey:)` entry points: a nil
    /// that is not in the input.
    static let absentValue = -1

    // Runtime exclusivity checks on these cost more than the decoding itself.
    // No access to them overlaps another or spans a call out of this file.
    @exclusivity(unchecked) private(set) var buffer: UnsafeRawBufferPointer
    @exclusivity(unchecked) private var path: [BinaryPathElement] = []
    @exclusivity(unchecked) private var cursors: [KeyedCursor] = []
    /// Where the containers bigger than `indexedContainerSize` start and end,
    /// in order, so that skipping one again takes a lookup, not a walk
    /// (decoding a recursive type would otherwise walk deep input once per level).
    @exclusivity(unchecked) private var largeContainers: [(start: Int, end: Int)] = []
    @exclusivity(unchecked) private var isValidating = false
    private let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    private static let indexedContainerSize = 128

    /// Where the last entry looked up in a keyed container was, so that keys
    /// asked for in stored order are found without scanning. One per depth.
    private struct KeyedCursor {
        var entries = -1
        var index = 0
        var entry = 0
    }

    init(buffer: UnsafeRawBufferPointer, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.buffer = buffer
        self.sendableUserInfo = userInfo
    }

    private(set) lazy var userInfo: [CodingUserInfoKey: Any] = sendableUserInfo

    /// Detaches the storage from the input, which may go away once decoding
    /// returns; decoders kept beyond that then fail instead of reading freed memory.
    func invalidate() {
        buffer = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    var codingPath: [any CodingKey] { path.codingKeys(in: buffer) }

    func codingPath(_ tail: PathTail) -> [any CodingKey] {
        var keys = codingPath
        if let nested = tail.nested { keys.append(nested.codingKey(in: buffer)) }
        if let element = tail.element { keys.append(element.codingKey(in: buffer)) }
        return keys
    }

    // MARK: - Values

    /// Decodes the value at `offset`, found under `tail`, whose containers sit `depth` deep.
    func decodeValue<T: Decodable>(_ type: T.Type, at offset: Int, depth: Int, _ tail: PathTail) throws -> T {
        var position = offset
        if let value = try decodePrimitive(T.self, at: &position, tail) { return value }
        return try decodeComposite(T.self, at: offset, depth: depth, tail)
    }

    /// Decodes a value through its `init(from:)`.
    func decodeComposite<T: Decodable>(_ type: T.Type, at offset: Int, depth: Int, _ tail: PathTail) throws -> T {
        let pathCount = path.count
        if let nested = tail.nested { path.append(nested) }
        if let element = tail.element { path.append(element) }
        defer { if path.count > pathCount { path.removeSubrange(pathCount...) } }
        return try T(from: BinaryValueDecoder(storage: self, offset: offset, depth: depth))
    }

    /// Decodes values of the types that have a representation of their own,
    /// moving `offset` past them; returns nil for any other type.
    func decodePrimitive<T: Decodable>(_ type: T.Type, at offset: inout Int, _ tail: PathTail) throws -> T? {
        // Comparing metatypes is cheap; the casts are between identical types.
        if T.self == Int.self {
            return unsafeBitCast(try decodeInteger(Int.self, at: &offset, tail), to: T.self)
        } else if T.self == String.self {
            return unsafeBitCast(try decodeString(at: &offset, tail), to: T.self)
        } else if T.self == Double.self {
            return unsafeBitCast(try decodeDouble(at: &offset, tail), to: T.self)
        } else if T.self == Bool.self {
            return unsafeBitCast(try decodeBool(at: &offset, tail), to: T.self)
        } else if T.self == BinaryFormat.byteArrayType {
            // Anything but a blob is left to `Array.init(from:)`.
            guard let blob = try decodeBlob(at: &offset) else { return nil }
            return unsafeBitCast([UInt8](blob), to: T.self)
        } else if T.self == Data.self {
            guard let blob = try decodeBlob(at: &offset) else { return nil }
            return unsafeBitCast(Data(blob), to: T.self)
        } else if T.self == BinaryFormat.intArrayType {
            let array = try decodeArray(at: &offset, tail) { try $0.decodeInteger(Int.self, at: &$1, $2) }
            return array.map { unsafeBitCast($0, to: T.self) }
        } else if T.self == BinaryFormat.doubleArrayType {
            let array = try decodeArray(at: &offset, tail) { try $0.decodeDouble(at: &$1, $2) }
            return array.map { unsafeBitCast($0, to: T.self) }
        } else if T.self == BinaryFormat.stringArrayType {
            let array = try decodeArray(at: &offset, tail) { try $0.decodeString(at: &$1, $2) }
            return array.map { unsafeBitCast($0, to: T.self) }
        } else if T.self == Int64.self {
            return unsafeBitCast(try decodeInteger(Int64.self, at: &offset, tail), to: T.self)
        } else if T.self == UInt64.self {
            return unsafeBitCast(try decodeInteger(UInt64.self, at: &offset, tail), to: T.self)
        } else if T.self == UInt.self {
            return unsafeBitCast(try decodeInteger(UInt.self, at: &offset, tail), to: T.self)
        } else if T.self == Int32.self {
            return unsafeBitCast(try decodeInteger(Int32.self, at: &offset, tail), to: T.self)
        } else if T.self == UInt32.self {
            return unsafeBitCast(try decodeInteger(UInt32.self, at: &offset, tail), to: T.self)
        } else if T.self == Float.self {
            return unsafeBitCast(try decodeFloat(at: &offset, tail), to: T.self)
        } else if T.self == UInt8.self {
            return unsafeBitCast(try decodeInteger(UInt8.self, at: &offset, tail), to: T.self)
        } else if T.self == Int16.self {
            return unsafeBitCast(try decodeInteger(Int16.self, at: &offset, tail), to: T.self)
        } else if T.self == UInt16.self {
            return unsafeBitCast(try decodeInteger(UInt16.self, at: &offset, tail), to: T.self)
        } else if T.self == Int8.self {
            return unsafeBitCast(try decodeInteger(Int8.self, at: &offset, tail), to: T.self)
        }
        return nil
    }

    /// Decodes an unkeyed container of primitives, or returns nil (leaving
    /// `offset` alone) if another kind of value is there.
    private func decodeArray<Element>(
        at offset: inout Int,
        _ tail: PathTail,
        _ readElement: (BinaryDecodingStorage, inout Int, PathTail) throws -> Element
    ) throws -> [Element]? {
        guard offset >= 0, offset < buffer.count, buffer[offset] == BinaryTag.unkeyed.rawValue else { return nil }
        var position = offset + 1
        let count = try readLength(at: &position, elementSize: 1)
        // Errors in elements name the array's own place too.
        let pathCount = path.count
        if let nested = tail.nested { path.append(nested) }
        if let element = tail.element { path.append(element) }
        defer { if path.count > pathCount { path.removeSubrange(pathCount...) } }
        var array: [Element] = []
        array.reserveCapacity(count)
        for index in 0..<count {
            array.append(try readElement(self, &position, (nil, .index(index))))
        }
        offset = position
        return array
    }

    func isNil(at offset: Int) -> Bool {
        offset < 0 || (offset < buffer.count && buffer[offset] == BinaryTag.null.rawValue)
    }

    // The decoders below compare tag bytes with the raw values rather than
    // convert them to `BinaryTag`, which the optimizer leaves as a call.

    func decodeBool(at offset: inout Int, _ tail: PathTail) throws -> Bool {
        let tag = try tagByte(at: offset)
        guard tag == BinaryTag.true.rawValue || tag == BinaryTag.false.rawValue else {
            throw mismatch(Bool.self, found: tag, at: offset, tail)
        }
        offset += 1
        return tag == BinaryTag.true.rawValue
    }

    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type, at offset: inout Int, _ tail: PathTail) throws -> T {
        let tag = try tagByte(at: offset)
        var position = offset + 1
        if tag == BinaryTag.signed.rawValue {
            let zigzag = try readVarint(at: &position)
            let value = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
            guard let result = T(exactly: value) else { throw outOfRange(value, T.self, at: offset, tail) }
            offset = position
            return result
        } else if tag == BinaryTag.unsigned.rawValue {
            let value = try readVarint(at: &position)
            guard let result = T(exactly: value) else { throw outOfRange(value, T.self, at: offset, tail) }
            offset = position
            return result
        }
        throw mismatch(T.self, found: tag, at: offset, tail)
    }

    func decodeFloat(at offset: inout Int, _ tail: PathTail) throws -> Float {
        let tag = try tagByte(at: offset)
        if tag == BinaryTag.float.rawValue {
            let value = Float(bitPattern: try readFixedWidth(UInt32.self, at: offset + 1))
            offset += 5
            return value
        } else if tag == BinaryTag.double.rawValue {
            let wide = Double(bitPattern: try readFixedWidth(UInt64.self, at: offset + 1))
            // Narrow only without loss; NaN and the infinities always fit.
            guard let value = wide.isFinite ? Float(exactly: wide) : Float(wide) else {
                throw corrupted("Double \(wide) at byte offset \(offset) does not fit in Float", tail)
            }
            offset += 9
            return value
        }
        throw mismatch(Float.self, found: tag, at: offset, tail)
    }

    func decodeDouble(at offset: inout Int, _ tail: PathTail) throws -> Double {
        let tag = try tagByte(at: offset)
        if tag == BinaryTag.double.rawValue {
            let value = Double(bitPattern: try readFixedWidth(UInt64.self, at: offset + 1))
            offset += 9
            return value
        } else if tag == BinaryTag.float.rawValue {
            let value = Double(Float(bitPattern: try readFixedWidth(UInt32.self, at: offset + 1)))
            offset += 5
            return value
        }
        throw mismatch(Double.self, found: tag, at: offset, tail)
    }

    func decodeString(at offset: inout Int, _ tail: PathTail) throws -> String {
        let tag = try tagByte(at: offset)
        guard tag == BinaryTag.string.rawValue else { throw mismatch(String.self, found: tag, at: offset, tail) }
        var position = offset + 1
        let length = try readLength(at: &position, elementSize: 1)
        guard length > 0 else {
            offset = position
            return ""
        }
        let utf8 = UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + position, count: length)
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw corrupted("String at byte offset \(offset) is not valid UTF-8", tail)
        }
        offset = position + length
        return string
    }

    /// The bytes of the blob at `offset`, or nil (leaving `offset` alone) if
    /// another kind of value is there.
    func decodeBlob(at offset: inout Int) throws -> UnsafeRawBufferPointer? {
        guard offset >= 0, offset < buffer.count, buffer[offset] == BinaryTag.bytes.rawValue else { return nil }
        var position = offset + 1
        let length = try readLength(at: &position, elementSize: 1)
        offset = position + length
        return UnsafeRawBufferPointer(rebasing: buffer[position..<(position + length)])
    }

    // MARK: - Containers

    /// Reads the header of the keyed container at `offset`.
    func openKeyedContainer(at offset: Int, _ tail: PathTail) throws -> (entries: Int, count: Int) {
        let tag = try tagByte(at: offset)
        guard tag == BinaryTag.keyed.rawValue else { throw mismatch([String: Any].self, found: tag, at: offset, tail) }
        var position = offset + 1
        let count = try readLength(at: &position, elementSize: 2)
        return (position, count)
    }

    /// Reads the header of the unkeyed container at `offset`.
    func openUnkeyedContainer(at offset: Int, _ tail: PathTail) throws -> (elements: Int, count: Int) {
        let tag = try tagByte(at: offset)
        guard tag == BinaryTag.unkeyed.rawValue else { throw mismatch([Any].self, found: tag, at: offset, tail) }
        var position = offset + 1
        let count = try readLength(at: &position, elementSize: 1)
        return (position, count)
    }

    /// Finds the entry for `key` in the keyed container of `count` entries
    /// starting at `entries`; returns where the entry and its value start.
    func findEntry(_ key: String, entries: Int, count: Int, depth: Int) throws -> (entry: Int, value: Int)? {
        var key = key
        return try key.withUTF8 { key in
            // Entries are usually asked for in the order they were written:
            // try the one found last, then the one after it, before scanning.
            if depth < cursors.count, cursors[depth].entries == entries, cursors[depth].index < count {
                let cursor = cursors[depth]
                if let value = try matchKey(key, at: cursor.entry) { return (cursor.entry, value) }
                if cursor.index + 1 < count {
                    let next = try skipEntry(at: cursor.entry, depth: depth)
                    if let value = try matchKey(key, at: next) {
                        cursors[depth] = KeyedCursor(entries: entries, index: cursor.index + 1, entry: next)
                        return (next, value)
                    }
                }
            }
            var entry = entries
            for index in 0..<count {
                if let value = try matchKey(key, at: entry) {
                    while cursors.count <= depth { cursors.append(KeyedCursor()) }
                    cursors[depth] = KeyedCursor(entries: entries, index: index, entry: entry)
                    return (entry, value)
                }
                entry = try skipEntry(at: entry, depth: depth)
            }
            return nil
        }
    }

    /// Calls `body` with each key of a keyed container, in stored order;
    /// keys that are not valid UTF-8 are left out.
    func forEachKey(entries: Int, count: Int, depth: Int, _ body: (String) -> Void) throws {
        var entry = entries
        for _ in 0..<count {
            var position = entry
            let length = try readLength(at: &position, elementSize: 1)
            let utf8 = UnsafeRawBufferPointer(rebasing: buffer[position..<(position + length)])
            if let key = String(validating: utf8.assumingMemoryBound(to: UInt8.self), as: UTF8.self) {
                body(key)
            }
            entry = try skipValue(at: position + length, depth: depth + 1)
        }
    }

    /// Returns the offset of the value if the entry at `entry` has the key `key`.
    private func matchKey(_ key: UnsafeBufferPointer<UInt8>, at entry: Int) throws -> Int? {
        var position = entry
        let length = try readLength(at: &position, elementSize: 1)
        guard length == key.count else { return nil }
        for index in 0..<length where buffer[position + index] != key[index] {
            return nil
        }
        return position + length
    }

    private func skipEntry(at entry: Int, depth: Int) throws -> Int {
        var position = entry
        position += try readLength(at: &position, elementSize: 1)
        return try skipValue(at: position, depth: depth + 1)
    }

    // MARK: - Structure

    /// Checks the whole input holds one well-formed value (see
    /// `skipValue(at:depth:)`) and returns where that value ends.
    func validate() throws -> Int {
        isValidating = true
        defer { isValidating = false }
        return try skipValue(at: 0, depth: 0)
    }

    /// Returns the offset just past the value at `offset`, checking on the way
    /// that it is complete and well formed, and that its containers nest at
    /// most `BinaryFormat.maximumDepth` deep counting from `depth`.
    func skipValue(at offset: Int, depth: Int) throws -> Int {
        var position = offset
        let tag = try tagByte(at: offset)
        position += 1
        switch tag {
        case BinaryTag.null.rawValue, BinaryTag.false.rawValue, BinaryTag.true.rawValue:
            break
        case BinaryTag.signed.rawValue, BinaryTag.unsigned.rawValue:
            _ = try readVarint(at: &position)
        case BinaryTag.float.rawValue:
            position = try skip(4, from: position)
        case BinaryTag.double.rawValue:
            position = try skip(8, from: position)
        case BinaryTag.string.rawValue, BinaryTag.bytes.rawValue:
            position += try readLength(at: &position, elementSize: 1)
        case BinaryTag.unkeyed.rawValue, BinaryTag.keyed.rawValue:
            if !isValidating, !largeContainers.isEmpty, let end = recordedEnd(ofContainerAt: offset) {
                return end
            }
            try checkDepth(depth, at: offset)
            let slot = largeContainers.count
            if isValidating { largeContainers.append((offset, offset)) }
            position = try skipElements(ofContainerAt: offset, keyed: tag == BinaryTag.keyed.rawValue, depth: depth)
            if isValidating {
                // Containers inside a small one are smaller still, and have gone already.
                if position - offset > Self.indexedContainerSize {
                    largeContainers[slot].end = position
                } else {
                    largeContainers.removeLast()
                }
            }
        default:
            throw invalidTag(at: offset)
        }
        return position
    }

    private func skipElements(ofContainerAt offset: Int, keyed: Bool, depth: Int) throws -> Int {
        var position = offset + 1
        let count = try readLength(at: &position, elementSize: keyed ? 2 : 1)
        for index in 0..<count {
            let entry = position
            if keyed { position += try readLength(at: &position, elementSize: 1) }
            do {
                position = try skipValue(at: position, depth: depth + 1)
            } catch let error as DecodingError {
                let key: BinaryPathElement = keyed ? .key(at: entry) : .index(index)
                throw prefixing(error, with: key.codingKey(in: buffer))
            }
        }
        return position
    }

    private func recordedEnd(ofContainerAt offset: Int) -> Int? {
        var low = 0
        var high = largeContainers.count
        while low < high {
            let middle = (low + high) / 2
            if largeContainers[middle].start < offset { low = middle + 1 } else { high = middle }
        }
        return low < largeContainers.count && largeContainers[low].start == offset ? largeContainers[low].end : nil
    }

    private func checkDepth(_ depth: Int, at offset: Int) throws {
        guard depth < BinaryFormat.maximumDepth else {
            throw tooDeep(at: offset)
        }
    }

    private func prefixing(_ error: DecodingError, with key: any CodingKey) -> DecodingError {
        guard case .dataCorrupted(let context) = error else { return error }
        return .dataCorrupted(DecodingError.Context(
            codingPath: [key] + context.codingPath,
            debugDescription: context.debugDescription,
            underlyingError: context.underlyingError
        ))
    }

    // MARK: - Reading

    // The readers are small enough to inline; their errors are built out of line.

    /// The tag byte of the value at `offset`, without moving past it.
    @inline(__always)
    func tagByte(at offset: Int) throws -> UInt8 {
        if offset == Self.absentValue { return BinaryTag.null.rawValue }
        guard offset >= 0, offset < buffer.count else { throw truncated(at: offset, expecting: "a value") }
        return buffer[offset]
    }

    @inline(__always)
    private func readVarint(at offset: inout Int) throws -> UInt64 {
        if offset >= 0, offset < buffer.count, buffer[offset] < 0x80 {
            defer { offset += 1 }
            return UInt64(buffer[offset])
        }
        return try readLongVarint(at: &offset)
    }

    private func readLongVarint(at offset: inout Int) throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var position = offset
        while true {
            guard position >= 0, position < buffer.count else { throw truncated(at: position, expecting: "a number") }
            let byte = buffer[position]
            position += 1
            if shift == 63, byte > 1 { throw overlongNumber(at: offset) }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                offset = position
                return result
            }
            shift += 7
        }
    }

    /// Reads a count of items of at least `elementSize` bytes each, and checks
    /// that that many could follow before anyone allocates room for them.
    @inline(__always)
    private func readLength(at offset: inout Int, elementSize: Int) throws -> Int {
        let start = offset
        let length = try readVarint(at: &offset)
        guard length <= UInt64((buffer.count - offset) / elementSize) else {
            throw overlong(length, at: start, remaining: buffer.count - offset)
        }
        return Int(length)
    }

    @inline(__always)
    private func skip(_ count: Int, from offset: Int) throws -> Int {
        guard offset >= 0, count <= buffer.count - offset else { throw truncated(at: offset, expecting: "\(count) bytes") }
        return offset + count
    }

    private func readFixedWidth<I: FixedWidthInteger>(_ type: I.Type, at offset: Int) throws -> I {
        _ = try skip(MemoryLayout<I>.size, from: offset)
        return I(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: I.self))
    }

    // MARK: - Errors

    @inline(never)
    private func tooDeep(at offset: Int) -> DecodingError {
        corrupted("Containers are nested more than \(BinaryFormat.maximumDepth) deep at byte offset \(offset)")
    }

    @inline(never)
    private func invalidTag(at offset: Int) -> DecodingError {
        guard offset >= 0, offset < buffer.count else { return truncated(at: offset, expecting: "a value") }
        return corrupted("Unknown tag 0x\(String(buffer[offset], radix: 16)) at byte offset \(offset)")
    }

    @inline(never)
    private func truncated(at offset: Int, expecting expected: String) -> DecodingError {
        corrupted("Unexpected end of input at byte offset \(offset): expected \(expected)")
    }

    @inline(never)
    private func overlongNumber(at offset: Int) -> DecodingError {
        corrupted("Number at byte offset \(offset) does not fit in 64 bits")
    }

    @inline(never)
    private func overlong(_ length: UInt64, at offset: Int, remaining: Int) -> DecodingError {
        corrupted("Length \(length) at byte offset \(offset) exceeds the \(remaining) bytes that remain")
    }

    @inline(never)
    private func corrupted(_ message: @autoclosure () -> String, _ tail: PathTail = (nil, nil)) -> DecodingError {
        .dataCorrupted(DecodingError.Context(codingPath: codingPath(tail), debugDescription: message()))
    }

    @inline(never)
    private func outOfRange(_ value: some BinaryInteger, _ type: Any.Type, at offset: Int, _ tail: PathTail) -> DecodingError {
        corrupted("Number \(value) at byte offset \(offset) does not fit in \(type)", tail)
    }

    @inline(never)
    private func mismatch(_ type: Any.Type, found tag: UInt8, at offset: Int, _ tail: PathTail) -> DecodingError {
        let position = offset == Self.absentValue ? "" : " at byte offset \(offset)"
        let found = BinaryTag(rawValue: tag)?.name ?? "unknown tag 0x\(String(tag, radix: 16))"
        let context = DecodingError.Context(
            codingPath: codingPath(tail),
            debugDescription: "Expected \(type) but found \(found)\(position)"
        )
        return tag == BinaryTag.null.rawValue ? .valueNotFound(type, context) : .typeMismatch(type, context)
    }
}
