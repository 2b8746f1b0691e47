#if canImport(Glibc)
import Glibc
#endif

/// The one framing every channel uses: a length prefix, then the payload.
///
/// The prefix is a little-endian `UInt32`. Lengths of 0xFFFF_FFFF or more
/// (4 GiB and up) write 0xFFFF_FFFF followed by a little-endian `UInt64`.
/// An empty payload is a legal message; messages never merge because the
/// reader always consumes exactly one prefix and its payload.
enum Framing {
    static let longMarker: UInt32 = 0xFFFF_FFFF
    /// Small messages are copied behind their prefix and written with one call.
    static let singleWriteLimit = 64 * 1024

    static func writeFrame(_ descriptor: Int32, _ payload: UnsafeRawBufferPointer) throws {
        let length = payload.count
        if length < singleWriteLimit {
            try withUnsafeTemporaryAllocation(byteCount: length + 4, alignment: 8) { buffer in
                buffer.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self)
                if length > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: buffer[4...]).copyMemory(from: payload)
                }
                try Descriptors.writeAll(descriptor, UnsafeRawBufferPointer(buffer))
            }
            return
        }
        if length < Int(longMarker) {
            try withUnsafeBytes(of: UInt32(length).littleEndian) { try Descriptors.writeAll(descriptor, $0) }
        } else {
            var header = (longMarker.littleEndian, UInt64(length).littleEndian)
            try withUnsafeBytes(of: &header.0) { try Descriptors.writeAll(descriptor, $0) }
            try withUnsafeBytes(of: &header.1) { try Descriptors.writeAll(descriptor, $0) }
        }
        try Descriptors.writeAll(descriptor, payload)
    }

    /// Reads the next prefix. Returns nil at a clean end of file.
    static func readLength(_ descriptor: Int32) throws -> Int? {
        var short: UInt32 = 0
        let gotShort = try withUnsafeMutableBytes(of: &short) { try Descriptors.readExactly(descriptor, into: $0) }
        guard gotShort else { return nil }
        short = UInt32(littleEndian: short)
        if short != longMarker { return Int(short) }
        var long: UInt64 = 0
        guard try withUnsafeMutableBytes(of: &long, { try Descriptors.readExactly(descriptor, into: $0) }) else {
            throw MP.EOFError(midMessage: true)
        }
        long = UInt64(littleEndian: long)
        guard long <= UInt64(Int.max) else { throw MP.ConnectionError.messageTooLong(length: Int.max, limit: Int.max) }
        return Int(long)
    }

    /// Reads and drops `length` bytes without allocating them, so the stream
    /// stays in step after a message that was refused.
    static func discard(_ descriptor: Int32, length: Int) throws {
        var left = length
        try withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 8) { scratch in
            while left > 0 {
                let chunk = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(left, scratch.count)])
                guard try Descriptors.readExactly(descriptor, into: chunk) else { throw MP.EOFError(midMessage: true) }
                left -= chunk.count
            }
        }
    }
}
