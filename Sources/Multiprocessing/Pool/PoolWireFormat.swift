/// A flat byte layout for the pool's own messages.
///
/// Why: with chunk size 1 a request or reply carries one tiny task per
/// chunk, and the general Codable path spent most of each task on key
/// strings and nested containers (a one-task chunk repeated four key names
/// and the task's name). Here a batch is: the task names once, then per
/// chunk its job, index, task number and inputs (or outcomes), each a
/// little-endian integer or a length-prefixed blob. Reading checks every
/// length against what is left, so a malformed message throws, never traps.
struct PoolWireWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func writeBlob(_ blob: [UInt8]) {
        write(UInt32(blob.count))
        bytes.append(contentsOf: blob)
    }

    mutating func writeText(_ text: String) {
        writeBlob(Array(text.utf8))
    }
}

struct PoolWireReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String { "a pool message was cut short or malformed" }
    }

    mutating func read<Value: FixedWidthInteger>(_ type: Value.Type) throws -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count - position >= size else { throw Malformed() }
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: Value.self) }
        position += size
        return Value(littleEndian: value)
    }

    mutating func readBlob() throws -> [UInt8] {
        let length = Int(try read(UInt32.self))
        guard bytes.count - position >= length else { throw Malformed() }
        defer { position += length }
        return Array(bytes[position..<(position + length)])
    }

    mutating func readText() throws -> String {
        String(decoding: try readBlob(), as: UTF8.self)
    }

    /// A count of items still to read, each taking at least `minimumSize` bytes.
    mutating func readCount(minimumSize: Int) throws -> Int {
        let count = Int(try read(UInt32.self))
        guard count <= (bytes.count - position) / max(1, minimumSize) else { throw Malformed() }
        return count
    }

    var isAtEnd: Bool { position == bytes.count }
}

extension WorkRequest {
    func serialized() -> [UInt8] {
        var names: [String] = []
        var numbers: [String: UInt16] = [:]
        for chunk in chunks where numbers[chunk.task] == nil {
            numbers[chunk.task] = UInt16(names.count)
            names.append(chunk.task)
        }
        var writer = PoolWireWriter(capacity: 16 + chunks.count * 32)
        writer.write(UInt32(names.count))
        for name in names { writer.writeText(name) }
        writer.write(UInt32(chunks.count))
        for chunk in chunks {
            writer.write(chunk.job)
            writer.write(UInt32(chunk.index))
            writer.write(numbers[chunk.task] ?? 0)
            writer.write(UInt32(chunk.inputs.count))
            for input in chunk.inputs { writer.writeBlob(input) }
        }
        return writer.bytes
    }

    init(parsing bytes: [UInt8]) throws {
        var reader = PoolWireReader(bytes)
        let names = try (0..<reader.readCount(minimumSize: 4)).map { _ in try reader.readText() }
        chunks = try (0..<reader.readCount(minimumSize: 18)).map { _ in
            let job = try reader.read(UInt64.self)
            let index = Int(try reader.read(UInt32.self))
            let number = Int(try reader.read(UInt16.self))
            guard names.indices.contains(number) else { throw PoolWireReader.Malformed() }
            let inputs = try (0..<reader.readCount(minimumSize: 4)).map { _ in try reader.readBlob() }
            return TaskChunk(job: job, index: index, task: names[number], inputs: inputs)
        }
        guard reader.isAtEnd else { throw PoolWireReader.Malformed() }
    }
}

extension WorkReply {
    private static let outputMark: UInt8 = 0
    private static let failureMark: UInt8 = 1

    func serialized() throws -> [UInt8] {
        var writer = PoolWireWriter(capacity: 16 + results.count * 24)
        writer.write(UInt8(isFinal ? 1 : 0))
        writer.write(UInt32(results.count))
        for result in results {
            writer.write(result.job)
            writer.write(UInt32(result.index))
            writer.write(UInt32(result.outcomes.count))
            for outcome in result.outcomes {
                switch outcome {
                case let .output(bytes):
                    writer.write(WorkReply.outputMark)
                    writer.writeBlob(bytes)
                case let .failure(failure):
                    writer.write(WorkReply.failureMark)
                    writer.writeBlob(try MP.WireCoding.binary.encode(failure))
                }
            }
        }
        return writer.bytes
    }

    init(parsing bytes: [UInt8]) throws {
        var reader = PoolWireReader(bytes)
        isFinal = try reader.read(UInt8.self) != 0
        results = try (0..<reader.readCount(minimumSize: 16)).map { _ in
            let job = try reader.read(UInt64.self)
            let index = Int(try reader.read(UInt32.self))
            let outcomes = try (0..<reader.readCount(minimumSize: 5)).map { _ -> TaskOutcome in
                let mark = try reader.read(UInt8.self)
                let blob = try reader.readBlob()
                switch mark {
                case WorkReply.outputMark: return .output(blob)
                case WorkReply.failureMark:
                    return .failure(try MP.WireCoding.binary.decode(TaskFailure.self, from: blob))
                default: throw PoolWireReader.Malformed()
                }
            }
            return ChunkResult(job: job, index: index, outcomes: outcomes)
        }
        guard reader.isAtEnd else { throw PoolWireReader.Malformed() }
    }
}
