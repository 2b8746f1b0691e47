import FoundationEssentials

/// The state of one `BinaryEncoder.encode(_:)` call: the output buffer and the
/// stack of containers still open in it.
///
/// Values are written straight into one growing buffer. That works because
/// Codable code normally uses containers like a stack: once a container's
/// parent is written to again, the container is finished. Each container
/// reserves one byte for its element count when it opens and fills it in when
/// it closes (inserting more bytes only for counts of 128 and up).
///
/// Codable does allow nested containers and super encoders to be used out of
/// that order. The first encoding attempt notices this (`needsIsolation`) and
/// the whole value is encoded again in *isolating* mode, where every nested
/// container and super encoder gets a storage of its own that is spliced into
/// its parent at the end.
final class BinaryEncodingStorage {
    /// Names an open container: its place in the stack and a serial number, so
    /// a container that closed (and was perhaps replaced) is recognised.
    struct FrameReference {
        var depth: Int32
        var serial: UInt32

        /// The parent of the top-level value, which is always open.
        static let root = FrameReference(depth: -1, serial: 0)
        /// Stands for a container that could not be opened; never open.
        static let invalid = FrameReference(depth: -2, serial: 0)
    }

    private struct Frame {
        /// Where the reserved count byte is; the tag is just before it.
        let countSlot: Int
        var count: Int
        let serial: UInt32
        var isKeyed: Bool
        let pushedPathElement: Bool
    }

    // Runtime exclusivity checks on these cost more than the encoding itself.
    // No access to them overlaps another or spans a call out of this file.
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    @exclusivity(unchecked) private var frames: [Frame] = []
    @exclusivity(unchecked) private var nextSerial: UInt32 = 1
    @exclusivity(unchecked) private var path: [BinaryPathElement] = []
    @exclusivity(unchecked) private var splices: [(position: Int, storage: BinaryEncodingStorage)] = []
    @exclusivity(unchecked) private var failure: (any Error)?

    /// Set when containers were used out of stack order; the value must then be
    /// encoded again by a storage that isolates nested containers.
    @exclusivity(unchecked) private(set) var needsIsolation = false

    private let pathPrefix: [any CodingKey]
    private let sendableUserInfo: [CodingUserInfoKey: any Sendable]
    private let isolatesNestedContainers: Bool
    private let baseDepth: Int

    init(
        userInfo: [CodingUserInfoKey: any Sendable],
        isolatesNestedContainers: Bool,
        baseDepth: Int = 0,
        pathPrefix: [any CodingKey] = []
    ) {
        self.sendableUserInfo = userInfo
        self.isolatesNestedContainers = isolatesNestedContainers
        self.baseDepth = baseDepth
        self.pathPrefix = pathPrefix
        bytes.reserveCapacity(64)
    }

    private(set) lazy var userInfo: [CodingUserInfoKey: Any] = sendableUserInfo

    var codingPath: [any CodingKey] {
        bytes.withUnsafeBytes { pathPrefix + path.codingKeys(in: $0) }
    }

    // MARK: - Finishing

    /// The encoded message; throws the first error recorded along the way.
    func finish() throws -> [UInt8] {
        if let failure { throw failure }
        closeFrames(above: -1)
        if bytes.isEmpty { writeEmptyValue() }
        // Back to front, so that earlier positions stay valid.
        for splice in splices.reversed() {
            bytes.insert(contentsOf: try splice.storage.finish(), at: splice.position)
        }
        return bytes
    }

    /// The first error that makes the whole encoding fail, if any.
    var recordedFailure: (any Error)? { failure }

    // MARK: - Values

    /// Encodes `value` as the next element of `parent` (`.root` for the whole
    /// message). The caller has written the key, if any, from `mark` on; if
    /// encoding fails, everything from `mark` on is taken back.
    func encodeValue<T: Encodable>(
        _ value: T,
        at element: BinaryPathElement?,
        in parent: FrameReference,
        rollbackTo mark: Int
    ) throws {
        if writePrimitive(value) { return }
        let start = bytes.count
        let pathCount = path.count
        let parentDepth = Int(parent.depth)
        let parentCount = parentDepth >= 0 ? frames[parentDepth].count : 0
        if let element { path.append(element) }
        do {
            try value.encode(to: BinaryValueEncoder(storage: self, start: start, parent: parent))
        } catch {
            discard(above: parent, truncatingTo: mark, pathCount: pathCount)
            throw error
        }
        // The value's own bytes must be all that was written since `start`.
        guard isOpen(parent), parentDepth < 0 || frames[parentDepth].count == parentCount else {
            discard(above: parent, truncatingTo: mark, pathCount: pathCount)
            throw misuse("A container holding \(T.self) was written to while \(T.self) was being encoded")
        }
        closeFrames(above: parentDepth)
        if path.count > pathCount { path.removeSubrange(pathCount...) }
        if bytes.count == start { writeEmptyValue() }
    }

    /// Writes values of the types that have a representation of their own;
    /// returns false for any other type.
    func writePrimitive<T: Encodable>(_ value: T) -> Bool {
        // Comparing metatypes is cheap; the casts are between identical types.
        if T.self == Int.self {
            write(signed: Int64(unsafeBitCast(value, to: Int.self)))
        } else if T.self == String.self {
            write(unsafeBitCast(value, to: String.self))
        } else if T.self == Double.self {
            write(unsafeBitCast(value, to: Double.self))
        } else if T.self == Bool.self {
            write(unsafeBitCast(value, to: Bool.self))
        } else if T.self == BinaryFormat.byteArrayType {
            unsafeBitCast(value, to: [UInt8].self).withUnsafeBytes { writeBlob($0) }
        } else if T.self == Data.self {
            unsafeBitCast(value, to: Data.self).withUnsafeBytes { writeBlob($0) }
        } else if T.self == BinaryFormat.intArrayType {
            return writeArray(unsafeBitCast(value, to: [Int].self)) { write(signed: Int64($0)) }
        } else if T.self == BinaryFormat.doubleArrayType {
            return writeArray(unsafeBitCast(value, to: [Double].self)) { write($0) }
        } else if T.self == BinaryFormat.stringArrayType {
            return writeArray(unsafeBitCast(value, to: [String].self)) { write($0) }
        } else if T.self == Int64.self {
            write(signed: unsafeBitCast(value, to: Int64.self))
        } else if T.self == UInt64.self {
            write(unsigned: unsafeBitCast(value, to: UInt64.self))
        } else if T.self == UInt.self {
            write(unsigned: UInt64(unsafeBitCast(value, to: UInt.self)))
        } else if T.self == Int32.self {
            write(signed: Int64(unsafeBitCast(value, to: Int32.self)))
        } else if T.self == UInt32.self {
            write(unsigned: UInt64(unsafeBitCast(value, to: UInt32.self)))
        } else if T.self == Float.self {
            write(unsafeBitCast(value, to: Float.self))
        } else if T.self == UInt8.self {
            write(unsigned: UInt64(unsafeBitCast(value, to: UInt8.self)))
        } else if T.self == Int16.self {
            write(signed: Int64(unsafeBitCast(value, to: Int16.self)))
        } else if T.self == UInt16.self {
            write(unsigned: UInt64(unsafeBitCast(value, to: UInt16.self)))
        } else if T.self == Int8.self {
            write(signed: Int64(unsafeBitCast(value, to: Int8.self)))
        } else {
            return false
        }
        return true
    }

    /// Writes an array of primitives as an unkeyed container, unless that
    /// container would be nested too deep (the slow path then reports it).
    private func writeArray<Element>(_ elements: [Element], _ writeElement: (Element) -> Void) -> Bool {
        guard baseDepth + frames.count < BinaryFormat.maximumDepth else { return false }
        bytes.append(BinaryTag.unkeyed.rawValue)
        writeVarint(UInt64(elements.count))
        for element in elements { writeElement(element) }
        return true
    }

    // MARK: - Containers

    /// Makes `frame` the innermost open container before something is written to it.
    func activate(_ frame: FrameReference) throws {
        guard reopen(frame) else {
            throw misuse("An encoding container was used after a container enclosing it had moved on")
        }
    }

    /// Counts one more element in `frame`, which the caller just activated and wrote to.
    func countElement(in frame: FrameReference) {
        frames[Int(frame.depth)].count += 1
    }

    /// The number of elements written to `frame` so far.
    func elementCount(in frame: FrameReference) -> Int {
        isOpen(frame) ? frames[Int(frame.depth)].count : 0
    }

    /// Opens (or, when asked again, reopens) the container of the value that
    /// starts at `start` in `parent`.
    func beginContainer(keyed: Bool, start: Int, parent: FrameReference) -> FrameReference {
        guard isOpen(parent) else {
            _ = misuse("An encoder was asked for a container after the container holding its value had moved on")
            return .invalid
        }
        let depth = Int(parent.depth) + 1
        if depth < frames.count, frames[depth].countSlot == start + 1 {
            closeFrames(above: depth)
            if frames[depth].isKeyed != keyed {
                // Only a still-empty container (such as a super encoder's placeholder) may change kind.
                guard frames[depth].count == 0 else {
                    _ = misuse("An encoder was asked for both a keyed and an unkeyed container")
                    return .invalid
                }
                frames[depth].isKeyed = keyed
                bytes[start] = (keyed ? BinaryTag.keyed : .unkeyed).rawValue
            }
            return FrameReference(depth: Int32(depth), serial: frames[depth].serial)
        }
        closeFrames(above: depth - 1)
        guard bytes.count == start else {
            _ = misuse("An encoder was asked for a container after its value had been encoded or its parent had moved on")
            return .invalid
        }
        return openFrame(keyed: keyed, pathElement: nil)
    }

    /// Checks that a single value may be written for the value starting at `start`.
    func beginSingleValue(start: Int, parent: FrameReference) throws {
        guard isOpen(parent) else {
            throw misuse("A single value container was used after the container holding its value had moved on")
        }
        let depth = Int(parent.depth) + 1
        if depth == frames.count - 1, frames[depth].countSlot == start + 1, frames[depth].count == 0 {
            // An empty container standing in for the value (see `superEncoder`) gives way.
            let frame = frames.removeLast()
            if frame.pushedPathElement { path.removeLast() }
            bytes.removeSubrange(start...)
        } else {
            closeFrames(above: depth - 1)
        }
        guard bytes.count == start else {
            throw misuse("A single value container was asked to encode a second value")
        }
    }

    /// Adds a nested container as the next element of `parent`, after `key` if
    /// `parent` is keyed. Returns the storage that holds it and its reference.
    func beginNestedContainer(
        keyed: Bool,
        in parent: FrameReference,
        key: String?
    ) -> (BinaryEncodingStorage, FrameReference) {
        guard let element = beginNestedElement(in: parent, key: key) else { return (self, .invalid) }
        if isolatesNestedContainers {
            let child = isolatedChild(at: element)
            return (child, child.openFrame(keyed: keyed, pathElement: nil))
        }
        return (self, openFrame(keyed: keyed, pathElement: element))
    }

    /// Adds the value of a super encoder as the next element of `parent`.
    func beginSuperEncoder(in parent: FrameReference, key: String?) -> BinaryValueEncoder {
        guard let element = beginNestedElement(in: parent, key: key) else {
            return BinaryValueEncoder(storage: self, start: bytes.count, parent: .invalid)
        }
        if isolatesNestedContainers {
            return BinaryValueEncoder(storage: isolatedChild(at: element), start: 0, parent: .root)
        }
        // Until the super encoder is used, its value is an empty keyed container.
        let start = bytes.count
        _ = openFrame(keyed: true, pathElement: element)
        return BinaryValueEncoder(storage: self, start: start, parent: parent)
    }

    private func beginNestedElement(in parent: FrameReference, key: String?) -> BinaryPathElement? {
        guard reopen(parent) else {
            _ = misuse("An encoding container was used after a container enclosing it had moved on")
            return nil
        }
        let depth = Int(parent.depth)
        let element: BinaryPathElement = key == nil ? .index(frames[depth].count) : .key(at: bytes.count)
        if let key { writeText(key) }
        frames[depth].count += 1
        return element
    }

    private func isolatedChild(at element: BinaryPathElement) -> BinaryEncodingStorage {
        let prefix = bytes.withUnsafeBytes { codingPath + [element.codingKey(in: $0)] }
        let child = BinaryEncodingStorage(
            userInfo: sendableUserInfo,
            isolatesNestedContainers: true,
            baseDepth: baseDepth + frames.count,
            pathPrefix: prefix
        )
        splices.append((bytes.count, child))
        return child
    }

    private func openFrame(keyed: Bool, pathElement: BinaryPathElement?) -> FrameReference {
        guard baseDepth + frames.count < BinaryFormat.maximumDepth else {
            if failure == nil {
                failure = EncodingError.invalidValue("nested container", EncodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "Containers are nested more than \(BinaryFormat.maximumDepth) deep"
                ))
            }
            return .invalid
        }
        bytes.append((keyed ? BinaryTag.keyed : .unkeyed).rawValue)
        bytes.append(0)
        if let pathElement { path.append(pathElement) }
        let serial = nextSerial
        nextSerial = nextSerial == .max ? 1 : nextSerial + 1
        frames.append(Frame(
            countSlot: bytes.count - 1,
            count: 0,
            serial: serial,
            isKeyed: keyed,
            pushedPathElement: pathElement != nil
        ))
        return FrameReference(depth: Int32(frames.count - 1), serial: serial)
    }

    private func isOpen(_ frame: FrameReference) -> Bool {
        let depth = Int(frame.depth)
        if depth == -1 { return true }
        return depth >= 0 && depth < frames.count && frames[depth].serial == frame.serial
    }

    private func reopen(_ frame: FrameReference) -> Bool {
        guard isOpen(frame) else { return false }
        closeFrames(above: Int(frame.depth))
        return true
    }

    private func closeFrames(above depth: Int) {
        while frames.count > depth + 1 {
            close(frames.removeLast())
        }
    }

    private func close(_ frame: Frame) {
        if frame.pushedPathElement { path.removeLast() }
        var count = UInt64(frame.count)
        if count < 0x80 {
            bytes[frame.countSlot] = UInt8(count)
            return
        }
        bytes[frame.countSlot] = UInt8(truncatingIfNeeded: count) | 0x80
        count >>= 7
        var rest: [UInt8] = []
        while count >= 0x80 {
            rest.append(UInt8(truncatingIfNeeded: count) | 0x80)
            count >>= 7
        }
        rest.append(UInt8(count))
        bytes.insert(contentsOf: rest, at: frame.countSlot + 1)
        for index in splices.indices where splices[index].position > frame.countSlot {
            splices[index].position += rest.count
        }
    }

    /// Forgets everything a failed value wrote, so that callers who catch the error can carry on.
    private func discard(above parent: FrameReference, truncatingTo mark: Int, pathCount: Int) {
        if isOpen(parent) {
            let depth = Int(parent.depth)
            if frames.count > depth + 1 { frames.removeSubrange((depth + 1)...) }
        } else {
            _ = misuse("An encoding container was used after a container enclosing it had moved on")
        }
        if bytes.count > mark { bytes.removeSubrange(mark...) }
        if path.count > pathCount { path.removeSubrange(pathCount...) }
        splices.removeAll { $0.position > mark }
    }

    /// Records out-of-order container use and returns the error to throw.
    private func misuse(_ message: String) -> any Error {
        guard isolatesNestedContainers else {
            needsIsolation = true
            return BinaryEncodingRestart()
        }
        let error = EncodingError.invalidValue(
            "encoding container",
            EncodingError.Context(codingPath: codingPath, debugDescription: message)
        )
        if failure == nil { failure = error }
        return error
    }

    // MARK: - Writing

    func writeNil() {
        bytes.append(BinaryTag.null.rawValue)
    }

    func write(_ value: Bool) {
        bytes.append((value ? BinaryTag.true : .false).rawValue)
    }

    func write(signed value: Int64) {
        bytes.append(BinaryTag.signed.rawValue)
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    func write(unsigned value: UInt64) {
        bytes.append(BinaryTag.unsigned.rawValue)
        writeVarint(value)
    }

    func write(_ value: Float) {
        bytes.append(BinaryTag.float.rawValue)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func write(_ value: Double) {
        bytes.append(BinaryTag.double.rawValue)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func write(_ value: String) {
        bytes.append(BinaryTag.string.rawValue)
        writeText(value)
    }

    /// Writes a key of a keyed container: its length and UTF-8 bytes, no tag.
    func writeKey(_ key: String) {
        writeText(key)
    }

    func writeBlob(_ blob: UnsafeRawBufferPointer) {
        bytes.append(BinaryTag.bytes.rawValue)
        writeVarint(UInt64(blob.count))
        bytes.append(contentsOf: blob)
    }

    private func writeText(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    private func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// What a value that encoded nothing stands as: an empty keyed container.
    private func writeEmptyValue() {
        bytes.append(BinaryTag.keyed.rawValue)
        bytes.append(0)
    }
}

/// Thrown to abandon a first encoding attempt that used containers out of order.
struct BinaryEncodingRestart: Error {}
