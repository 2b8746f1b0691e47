import FoundationEssentials
import BinaryCoding

extension MP {
    /// How a connection turns `Codable` values into message payloads.
    /// Both ends of a connection must use the same coding.
    public enum WireCoding: String, Codable, Sendable, CaseIterable {
        /// A compact binary coding (see `BinaryFormat`): the default. It carries
        /// data only: decoding a message can never run code, unlike pickle.
        case binary
        /// JSON text, slower and larger, but readable when debugging a channel.
        case json
    }
}

extension MP.WireCoding {
    func encode<Value: Encodable>(_ value: Value, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> [UInt8] {
        do {
            switch self {
            case .binary:
                if let fast = ScalarFastPath.encode(value) { return fast }
                var encoder = BinaryEncoder()
                encoder.userInfo = userInfo
                return try encoder.encode(value)
            case .json:
                let encoder = JSONEncoder()
                encoder.userInfo = userInfo
                return Array(try encoder.encode(value))
            }
        } catch let error as MP.ConnectionError {
            throw error
        } catch {
            throw MP.ConnectionError.unencodable(type: String(reflecting: Value.self), reason: "\(error)")
        }
    }

    func decode<Value: Decodable>(
        _ type: Value.Type, from bytes: UnsafeRawBufferPointer, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Value {
        do {
            switch self {
            case .binary:
                if let fast = ScalarFastPath.decode(type, from: bytes) { return fast }
                var decoder = BinaryDecoder()
                decoder.userInfo = userInfo
                return try decoder.decode(type, from: bytes)
            case .json:
                let decoder = JSONDecoder()
                decoder.userInfo = userInfo
                return try decoder.decode(type, from: Data(bytes))
            }
        } catch let error as MP.ConnectionError {
            throw error
        } catch {
            throw MP.ConnectionError.undecodable(type: String(reflecting: Value.self), reason: "\(error)")
        }
    }

    /// Decodes a whole encoded message held in an array.
    func decode<Value: Decodable>(
        _ type: Value.Type, from bytes: [UInt8], userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Value {
        try bytes.withUnsafeBytes { try decode(type, from: $0, userInfo: userInfo) }
    }
}
