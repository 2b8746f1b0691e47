/// Encodes `Encodable` values into the compact binary format described in
/// ``BinaryFormat``, the wire format of messages between processes.
///
/// The format carries data only: no type names, no references. Decode with
/// ``BinaryDecoder`` and the same types.
///
/// ```swift
/// let bytes = try BinaryEncoder().encode(message)
/// let copy = try BinaryDecoder().decode(Message.self, from: bytes)
/// ```
public struct BinaryEncoder: Sendable {
    /// Context handed to `encode(to:)` implementations as `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder that hands `userInfo` to every `encode(to:)`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Encodes `value`, which may be of any `Encodable` type, a bare scalar or
    /// `nil` included.
    ///
    /// - Throws: `EncodingError.invalidValue` if containers are nested more
    ///   than ``BinaryFormat/maximumDepth`` deep or are misused (a single value
    ///   container asked for two values, say); any error thrown by the value's
    ///   `encode(to:)`.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let bytes = try encode(value, isolatingNestedContainers: false) {
            return bytes
        }
        // Containers were used out of stack order: take the slower road that allows it.
        if let bytes = try encode(value, isolatingNestedContainers: true) {
            return bytes
        }
        throw EncodingError.invalidValue(value, EncodingError.Context(
            codingPath: [],
            debugDescription: "Encoding containers were used in an unsupported order"
        ))
    }

    /// Encodes `value` in one of the two ways `encode(_:)` chooses from: into a
    /// single buffer, or with every nested container and super encoder kept
    /// apart until the end (slower, but allows any order of use). Returns nil
    /// if the single buffer cannot express the order the containers were used in.
    package func encode<T: Encodable>(_ value: T, isolatingNestedContainers: Bool) throws -> [UInt8]? {
        let storage = BinaryEncodingStorage(userInfo: userInfo, isolatesNestedContainers: isolatingNestedContainers)
        do {
            try storage.encodeValue(value, at: nil, in: .root, rollbackTo: 0)
        } catch {
            if let failure = storage.recordedFailure { throw failure }
            if storage.needsIsolation { return nil }
            throw error
        }
        if storage.needsIsolation { return nil }
        return try storage.finish()
    }
}
