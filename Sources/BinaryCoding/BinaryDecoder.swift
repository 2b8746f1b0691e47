/// Decodes `Decodable` values from the binary format written by
/// ``BinaryEncoder`` (see ``BinaryFormat``).
///
/// Safe on hostile input: before decoding, the whole message is walked once to
/// check that it is complete and well formed, that no length or count claims
/// more than the bytes that remain, and that containers nest at most
/// ``BinaryFormat/maximumDepth`` deep. Any problem, including bytes left over
/// after the value, throws a `DecodingError`; nothing is allocated on the
/// strength of an unchecked length.
public struct BinaryDecoder: Sendable {
    /// Context handed to `init(from:)` implementations as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder that hands `userInfo` to every `init(from:)`.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// Decodes a value of `type` from `bytes`, which must hold exactly one
    /// encoded value. Only reads `bytes` while it runs.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for malformed or truncated
    ///   input, unknown tags, invalid UTF-8, numbers that do not fit the type
    ///   asked for, nesting too deep and trailing bytes;
    ///   `.typeMismatch`, `.valueNotFound` and `.keyNotFound` when the input
    ///   does not match `type`; any error thrown by `init(from:)`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let storage = BinaryDecodingStorage(buffer: bytes, userInfo: userInfo)
        defer { storage.invalidate() }
        let end = try storage.validate()
        guard end == bytes.count else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [],
                debugDescription: "\(bytes.count - end) unexpected bytes after the encoded value, from byte offset \(end)"
            ))
        }
        return try storage.decodeValue(type, at: 0, depth: 0, (nil, nil))
    }

    /// Decodes a value of `type` from `bytes`, which must hold exactly one encoded value.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { try decode(type, from: $0) }
    }
}
