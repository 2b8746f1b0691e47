/// A flat byte layout for the library's own hot messages (the pool's and
/// the managers'): little-endian integers and length-prefixed blobs, with
/// no key names or nested containers. Reading checks every length against
/// what is left, so a malformed message throws, never traps or allocates
/// more than it holds.
package struct FlatWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func write<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    package mutating func writeBlob(_ blob: [UInt8]) {
        writeLength(blob.count)
        bytes.append(contentsOf: blob)
    }

    /// A length as a `UInt32`, or for 4 GiB and more, 0xFFFF_FFFF and a `UInt64`.
    package mutating func writeLength(_ length: Int) {
        if length < Int(UInt32.max) {
            write(UInt32(length))
        } else {
            write(UInt32.max)
            write(UInt64(length))
        }
    }

    package mutating func writeText(_ text: String) {
        writeBlob(Array(text.utf8))
    }
}

package struct FlatReader {
    private let bytes: [UInt8]
    private var position = 0

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package struct Malformed: Error, CustomStringConvertible {
        package init() {}
        package var description: String { "a message was cut short or malformed" }
    }

    package mutating func read<Value: FixedWidthInteger>(_ type: Value.Type) throws -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count - position >= size else { throw Malformed() }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: Value.self) }
        position += size
        return Value(littleEndian: value)
    }

    package mutating func readBlob() throws -> [UInt8] {
        let length = try readLength()
        guard bytes.count - position >= length else { throw Malformed() }
        defer { position += length }
        return Array(bytes[position..<(position + length)])
    }

    package mutating func readLength() throws -> Int {
        let short = try read(UInt32.self)
        guard short == UInt32.max else { return Int(short) }
        let long = try read(UInt64.self)
        guard long <= UInt64(Int.max) else { throw Malformed() }
        return Int(long)
    }

    package mutating func readText() throws -> String {
        String(decoding: try readBlob(), as: UTF8.self)
    }

    /// A count of items still to read, each taking at least `minimumSize` bytes.
    package mutating func readCount(minimumSize: Int) throws -> Int {
        let count = try readLength()
        guard count <= (bytes.count - position) / max(1, minimumSize) else { throw Malformed() }
        return count
    }

    package var isAtEnd: Bool { position == bytes.count }
}

