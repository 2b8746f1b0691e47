/// One step of a coding path as the coders track it while they run: cheap to
/// push and pop, turned into real `CodingKey`s only when someone asks.
enum BinaryPathElement {
    /// A keyed entry whose key (varint length, then UTF-8) starts at this byte offset.
    case key(at: Int)
    /// A position in an unkeyed container.
    case index(Int)

    /// The coding key this element stands for; `bytes` is the buffer the offsets refer to.
    func codingKey(in bytes: UnsafeRawBufferPointer) -> any CodingKey {
        switch self {
        case .index(let index):
            return BinaryCodingKey.index(index)
        case .key(let offset):
            // Read defensively: this runs while reporting errors about malformed input.
            var length = 0
            var shift = 0
            var position = offset
            while position < bytes.count, shift < 63 {
                let byte = bytes[position]
                position += 1
                length |= Int(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            position = min(position, bytes.count)
            let end = length >= 0 && length <= bytes.count - position ? position + length : bytes.count
            return BinaryCodingKey.named(String(decoding: bytes[position..<end], as: UTF8.self))
        }
    }
}

extension Array where Element == BinaryPathElement {
    /// The coding keys for these elements.
    func codingKeys(in bytes: UnsafeRawBufferPointer) -> [any CodingKey] {
        map { $0.codingKey(in: bytes) }
    }
}
