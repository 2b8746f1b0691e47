/// Direct binary encodings of the commonest message types: `Int`, `Int?`,
/// `Double` and `String`.
///
/// Why: a queue or pipe carrying small numbers spends most of each message
/// in the general coder's generic machinery (type metadata lookups,
/// container objects), measured at about a third of a same-process
/// put + get. These types are recognised by their metadata and written or
/// read directly. The bytes are exactly those the general `BinaryEncoder`
/// writes (tests check it), so either side may use either path. Anything
/// unusual on decoding (another tag, trailing bytes, bad UTF-8) falls back to
/// the general decoder, which accepts what it accepts and explains errors.
package enum ScalarFastPath {
    package static func encode<Value>(_ value: Value) -> [UInt8]? {
        if Value.self == Int.self {
            return signed(Int64(unsafeBitCast(value, to: Int.self)))
        }
        if Value.self == Int?.self {
            guard let number = unsafeBitCast(value, to: Int?.self) else { return [BinaryTag.null.rawValue] }
            return signed(Int64(number))
        }
        if Value.self == Double.self {
            var bytes: [UInt8] = [BinaryTag.double.rawValue]
            withUnsafeBytes(of: unsafeBitCast(value, to: Double.self).bitPattern.littleEndian) {
                bytes.append(contentsOf: $0)
            }
            return bytes
        }
        if Value.self == String.self {
            var text = unsafeBitCast(value, to: String.self)
            return text.withUTF8 { utf8 in
                var bytes: [UInt8] = [BinaryTag.string.rawValue]
                bytes.reserveCapacity(utf8.count + 6)
                appendVarint(UInt64(utf8.count), to: &bytes)
                bytes.append(contentsOf: utf8)
                return bytes
            }
        }
        return nil
    }

    /// The decoded value, or nil to let the general decoder handle `bytes`.
    package static func decode<Value>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer) -> Value? {
        guard let tag = bytes.first else { return nil }
        if Value.self == Int.self || Value.self == Int?.self {
            if Value.self == Int?.self && tag == BinaryTag.null.rawValue && bytes.count == 1 {
                return unsafeBitCast(Int?.none, to: Value.self)
            }
            guard tag == BinaryTag.signed.rawValue, let (zigzag, end) = varint(bytes, from: 1), end == bytes.count
            else { return nil }
            let number = Int64(bitPattern: (zigzag >> 1) ^ (0 &- (zigzag & 1)))
            guard let fitted = Int(exactly: number) else { return nil }
            return Value.self == Int.self ? unsafeBitCast(fitted, to: Value.self)
                : unsafeBitCast(Int?.some(fitted), to: Value.self)
        }
        if Value.self == Double.self {
            guard tag == BinaryTag.double.rawValue, bytes.count == 9 else { return nil }
            let pattern = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
            return unsafeBitCast(Double(bitPattern: pattern), to: Value.self)
        }
        if Value.self == String.self {
            guard tag == BinaryTag.string.rawValue, let (length, start) = varint(bytes, from: 1),
                  UInt64(bytes.count - start) == length,
                  let text = String(validating: bytes[start...], as: UTF8.self)
            else { return nil }
            return unsafeBitCast(text, to: Value.self)
        }
        return nil
    }

    private static func signed(_ number: Int64) -> [UInt8] {
        var bytes: [UInt8] = [BinaryTag.signed.rawValue]
        bytes.reserveCapacity(11)
        appendVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)), to: &bytes)
        return bytes
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// A varint at `offset`: its value and the offset after it (nil if malformed).
    private static func varint(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var position = offset
        while position < bytes.count && shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                // The general decoder refuses overlong encodings; leave those to it.
                return byte == 0 && position - offset > 1 ? nil : (value, position)
            }
            shift += 7
        }
        return nil
    }
}
