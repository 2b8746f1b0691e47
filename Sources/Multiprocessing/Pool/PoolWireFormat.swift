import BinaryCoding
/// The pool's own messages in the flat byte layout of `FlatWriter`.
///
/// Why: with chunk size 1 a request or reply carries one tiny task per
/// chunk, and the general Codable path spent most of each task on key
/// strings and nested containers (a one-task chunk repeated four key names
/// and the task's name). Here a batch is: the task names once, then per
/// chunk its job, index, task number and inputs (or outcomes).
extension WorkRequest {
    func serialized() -> [UInt8] {
        var names: [String] = []
        var numbers: [String: UInt16] = [:]
        for chunk in chunks where numbers[chunk.task] == nil {
            numbers[chunk.task] = UInt16(names.count)
            names.append(chunk.task)
        }
        var writer = FlatWriter(capacity: 16 + chunks.count * 32)
        writer.writeLength(names.count)
        for name in names { writer.writeText(name) }
        writer.writeLength(chunks.count)
        for chunk in chunks {
            writer.write(chunk.job)
            writer.write(UInt32(chunk.index))
            writer.write(numbers[chunk.task] ?? 0)
            writer.writeLength(chunk.inputs.count)
            for input in chunk.inputs { writer.writeBlob(input) }
        }
        return writer.bytes
    }

    init(parsing bytes: [UInt8]) throws {
        var reader = FlatReader(bytes)
        let names = try (0..<reader.readCount(minimumSize: 4)).map { _ in try reader.readText() }
        chunks = try (0..<reader.readCount(minimumSize: 18)).map { _ in
            let job = try reader.read(UInt64.self)
            let index = Int(try reader.read(UInt32.self))
            let number = Int(try reader.read(UInt16.self))
            guard names.indices.contains(number) else { throw FlatReader.Malformed() }
            let inputs = try (0..<reader.readCount(minimumSize: 4)).map { _ in try reader.readBlob() }
            return TaskChunk(job: job, index: index, task: names[number], inputs: inputs)
        }
        guard reader.isAtEnd else { throw FlatReader.Malformed() }
    }
}

extension WorkReply {
    private static let outputMark: UInt8 = 0
    private static let failureMark: UInt8 = 1

    func serialized() throws -> [UInt8] {
        var writer = FlatWriter(capacity: 16 + results.count * 24)
        writer.write(UInt8(isFinal ? 1 : 0))
        writer.writeLength(results.count)
        for result in results {
            writer.write(result.job)
            writer.write(UInt32(result.index))
            writer.writeLength(result.outcomes.count)
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
        var reader = FlatReader(bytes)
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
                default: throw FlatReader.Malformed()
                }
            }
            return ChunkResult(job: job, index: index, outcomes: outcomes)
        }
        guard reader.isAtEnd else { throw FlatReader.Malformed() }
    }
}
