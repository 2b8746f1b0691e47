import FoundationEssentials
// TEMPORARY stand-in until the real binary coder lands. Not to be committed.
struct BinaryEncoder {
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let e = JSONEncoder(); e.userInfo = userInfo; return Array(try e.encode(value))
    }
}
struct BinaryDecoder {
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws -> T {
        let d = JSONDecoder(); d.userInfo = userInfo; return try d.decode(type, from: Data(bytes))
    }
}
