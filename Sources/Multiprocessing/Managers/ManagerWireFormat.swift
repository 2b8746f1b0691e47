import BinaryCoding
/// Manager requests and replies in the flat layout of `FlatWriter`: an
/// operation code, the object's id, then the operation's fields. A round
/// trip through a proxy is then little more than a pipe's ping-pong; the
/// general Codable coding of these enums cost about as much again. Only a
/// failure's error, which is rare, goes through the binary coding.
extension ManagerRequest {
    func flattened() -> [UInt8] {
        var writer = FlatWriter(capacity: 32)
        writer.write(operation.code)
        writer.write(object)
        operation.writeFields(into: &writer)
        return writer.bytes
    }

    init(flat bytes: [UInt8]) throws {
        var reader = FlatReader(bytes)
        let code = try reader.read(UInt8.self)
        object = try reader.read(UInt64.self)
        operation = try ManagerOperation(code: code, from: &reader)
        guard reader.isAtEnd else { throw FlatReader.Malformed() }
    }
}

extension ManagerOperation {
    fileprivate var code: UInt8 {
        switch self {
        case .create: return 1
        case .call: return 2
        case .release: return 3
        case .append: return 4
        case .extend: return 5
        case .insert: return 6
        case .get: return 7
        case .set: return 8
        case .remove: return 9
        case .count: return 10
        case .all: return 11
        case .lookup: return 12
        case .store: return 13
        case .delete: return 14
        case .put: return 15
        case .take: return 16
        case .acquire: return 17
        case .unlock: return 18
        case .raiseFlag: return 19
        case .lowerFlag: return 20
        case .isFlagRaised: return 21
        case .waitForFlag: return 22
        case .ping: return 23
        case .shutdown: return 24
        case .identify: return 25
        }
    }

    fileprivate func writeFields(into writer: inout FlatWriter) {
        switch self {
        case let .create(spec):
            writer.writeText(spec.kind.rawValue)
            writer.write(Int64(spec.maxSize))
            writer.writeBlobs(spec.items)
            writer.writeBlobs(spec.keys)
        case let .call(name): writer.writeText(name)
        case let .append(item), let .lookup(item), let .delete(item): writer.writeBlob(item)
        case let .extend(items): writer.writeBlobs(items)
        case let .insert(index, item), let .set(index, item):
            writer.write(Int64(index))
            writer.writeBlob(item)
        case let .get(index), let .remove(index): writer.write(Int64(index))
        case let .store(key, value):
            writer.writeBlob(key)
            writer.writeBlob(value)
        case let .put(item, timeout):
            writer.writeBlob(item)
            writer.writeTimeout(timeout)
        case let .take(timeout), let .acquire(timeout), let .waitForFlag(timeout): writer.writeTimeout(timeout)
        case let .identify(token): writer.write(token)
        case .release, .count, .all, .unlock, .raiseFlag, .lowerFlag, .isFlagRaised, .ping, .shutdown: break
        }
    }

    fileprivate init(code: UInt8, from reader: inout FlatReader) throws {
        switch code {
        case 1:
            guard let kind = ManagedKind(rawValue: try reader.readText()) else { throw FlatReader.Malformed() }
            let maxSize = Int(try reader.read(Int64.self))
            self = .create(ObjectSpec(kind: kind, items: try reader.readBlobs(), keys: try reader.readBlobs(), maxSize: maxSize))
        case 2: self = .call(name: try reader.readText())
        case 3: self = .release
        case 4: self = .append(try reader.readBlob())
        case 5: self = .extend(try reader.readBlobs())
        case 6: self = .insert(try reader.readIndex(), try reader.readBlob())
        case 7: self = .get(index: try reader.readIndex())
        case 8: self = .set(index: try reader.readIndex(), try reader.readBlob())
        case 9: self = .remove(index: try reader.readIndex())
        case 10: self = .count
        case 11: self = .all
        case 12: self = .lookup(key: try reader.readBlob())
        case 13: self = .store(key: try reader.readBlob(), try reader.readBlob())
        case 14: self = .delete(key: try reader.readBlob())
        case 15: self = .put(try reader.readBlob(), timeout: try reader.readTimeout())
        case 16: self = .take(timeout: try reader.readTimeout())
        case 17: self = .acquire(timeout: try reader.readTimeout())
        case 18: self = .unlock
        case 19: self = .raiseFlag
        case 20: self = .lowerFlag
        case 21: self = .isFlagRaised
        case 22: self = .waitForFlag(timeout: try reader.readTimeout())
        case 23: self = .ping
        case 24: self = .shutdown
        case 25: self = .identify(token: try reader.read(UInt64.self))
        default: throw FlatReader.Malformed()
        }
    }
}

extension ManagerReply {
    func flattened() -> [UInt8] {
        var writer = FlatWriter(capacity: 16)
        switch self {
        case .done: writer.write(UInt8(1))
        case let .created(id, kind):
            writer.write(UInt8(2))
            writer.write(id)
            writer.writeText(kind.rawValue)
        case let .count(count):
            writer.write(UInt8(3))
            writer.write(Int64(count))
        case let .flag(flag):
            writer.write(UInt8(4))
            writer.write(UInt8(flag ? 1 : 0))
        case let .blob(blob):
            writer.write(UInt8(5))
            writer.writeBlob(blob)
        case let .blobs(items, keys):
            writer.write(UInt8(6))
            writer.writeBlobs(items)
            writer.writeBlobs(keys)
        case .timedOut: writer.write(UInt8(7))
        case let .failure(error):
            writer.write(UInt8(8))
            writer.writeBlob((try? MP.WireCoding.binary.encode(error)) ?? [])
        }
        return writer.bytes
    }

    init(flat bytes: [UInt8]) throws {
        var reader = FlatReader(bytes)
        switch try reader.read(UInt8.self) {
        case 1: self = .done
        case 2:
            let id = try reader.read(UInt64.self)
            guard let kind = ManagedKind(rawValue: try reader.readText()) else { throw FlatReader.Malformed() }
            self = .created(id, kind)
        case 3: self = .count(Int(try reader.read(Int64.self)))
        case 4: self = .flag(try reader.read(UInt8.self) != 0)
        case 5: self = .blob(try reader.readBlob())
        case 6: self = .blobs(try reader.readBlobs(), keys: try reader.readBlobs())
        case 7: self = .timedOut
        case 8: self = .failure(try MP.WireCoding.binary.decode(MP.ManagerError.self, from: try reader.readBlob()))
        default: throw FlatReader.Malformed()
        }
        guard reader.isAtEnd else { throw FlatReader.Malformed() }
    }
}

extension FlatWriter {
    mutating func writeBlobs(_ blobs: [[UInt8]]) {
        writeLength(blobs.count)
        blobs.forEach { writeBlob($0) }
    }

    /// A timeout in seconds, or none (wait as long as it takes).
    mutating func writeTimeout(_ timeout: Double?) {
        write(UInt8(timeout == nil ? 0 : 1))
        write((timeout ?? 0).bitPattern)
    }
}

extension FlatReader {
    mutating func readBlobs() throws -> [[UInt8]] {
        try (0..<readCount(minimumSize: 4)).map { _ in try readBlob() }
    }

    mutating func readIndex() throws -> Int {
        Int(try read(Int64.self))
    }

    mutating func readTimeout() throws -> Double? {
        let present = try read(UInt8.self)
        let seconds = Double(bitPattern: try read(UInt64.self))
        guard present == 0 || seconds.isFinite else { throw FlatReader.Malformed() }
        return present == 0 ? nil : seconds
    }
}
