import FoundationEssentials
import XCTest
@testable import BinaryCoding

/// Encodes `value` both ways the encoder knows (one buffer, isolated nested
/// containers), checks they agree byte for byte, and returns the bytes.
func encodeBothWays<T: Encodable>(
    _ value: T,
    userInfo: [CodingUserInfoKey: any Sendable] = [:],
    file: StaticString = #filePath,
    line: UInt = #line
) throws -> [UInt8] {
    let encoder = BinaryEncoder(userInfo: userInfo)
    let bytes = try encoder.encode(value)
    let isolated = try XCTUnwrap(try encoder.encode(value, isolatingNestedContainers: true), file: file, line: line)
    XCTAssertEqual(bytes, isolated, "isolated encoding differs", file: file, line: line)
    return bytes
}

/// Encodes and decodes `value` and checks the copy is equal.
@discardableResult
func assertRoundTrip<T: Codable & Equatable>(
    _ value: T,
    file: StaticString = #filePath,
    line: UInt = #line
) throws -> [UInt8] {
    let bytes = try encodeBothWays(value, file: file, line: line)
    let copy = try BinaryDecoder().decode(T.self, from: bytes)
    XCTAssertEqual(copy, value, file: file, line: line)
    return bytes
}

/// A small seeded generator so that fuzz runs are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Sample types

struct Point: Codable, Equatable {
    var x: Int
    var y: Double
    var label: String
}

struct Empty: Codable, Equatable {}

struct Optionals: Codable, Equatable {
    var a: Int?
    var b: String?
    var c: [Int?]?
    var d: Point?
}

struct AllIntegers: Codable, Equatable {
    var i: Int, i8: Int8, i16: Int16, i32: Int32, i64: Int64
    var u: UInt, u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64
    var f: Float, d: Double, b: Bool

    static let minimum = AllIntegers(
        i: .min, i8: .min, i16: .min, i32: .min, i64: .min,
        u: .min, u8: .min, u16: .min, u32: .min, u64: .min,
        f: -.greatestFiniteMagnitude, d: -.infinity, b: false
    )
    static let maximum = AllIntegers(
        i: .max, i8: .max, i16: .max, i32: .max, i64: .max,
        u: .max, u8: .max, u16: .max, u32: .max, u64: .max,
        f: .infinity, d: .greatestFiniteMagnitude, b: true
    )
}

enum Shape: Codable, Equatable {
    case circle(radius: Double)
    case rectangle(Double, Double)
    case polygon(points: [Point], closed: Bool)
    case nothing
}

enum Color: String, Codable, Equatable {
    case red, green, blue
}

/// A heterogeneous value with hand-written coding, as callers will write them.
enum Value: Codable, Equatable {
    case int(Int)
    case string(String)
    case list([Value])
    case none

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .none
        } else if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            self = .list(try container.decode([Value].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let int): try container.encode(int)
        case .string(let string): try container.encode(string)
        case .list(let list): try container.encode(list)
        case .none: try container.encodeNil()
        }
    }
}

struct Nested: Codable, Equatable {
    var name: String
    var points: [Point]
    var shapes: [Shape]
    var lookup: [String: [Int]]
    var byNumber: [Int: String]
    var color: Color
    var blob: Data
    var raw: [UInt8]
    var empty: Empty
    var optionals: Optionals

    static let sample = Nested(
        name: "nested ünïcødé 🌍",
        points: [Point(x: 1, y: 2.5, label: "a"), Point(x: -3, y: .infinity, label: "")],
        shapes: [.circle(radius: 1), .rectangle(2, 3), .polygon(points: [Point(x: 0, y: 0, label: "o")], closed: true), .nothing],
        lookup: ["one": [1], "none": [], "many": [1, 2, 3]],
        byNumber: [1: "one", -2: "minus two", 300: "three hundred"],
        color: .green,
        blob: Data([0, 1, 2, 255]),
        raw: [9, 8, 7],
        empty: Empty(),
        optionals: Optionals(a: 1, b: nil, c: [5, nil], d: nil)
    )
}

class Animal: Codable, Equatable {
    var name: String

    init(name: String) { self.name = name }

    static func == (lhs: Animal, rhs: Animal) -> Bool {
        type(of: lhs) == type(of: rhs) && lhs.isEqual(to: rhs)
    }

    func isEqual(to other: Animal) -> Bool { name == other.name }
}

/// Uses `superEncoder()` / `superDecoder()`, the documented pattern for subclasses.
final class Dog: Animal {
    var goodBoy: Bool

    init(name: String, goodBoy: Bool) {
        self.goodBoy = goodBoy
        super.init(name: name)
    }

    private enum CodingKeys: String, CodingKey { case goodBoy }

    required init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        goodBoy = try container.decode(Bool.self, forKey: .goodBoy)
        try super.init(from: container.superDecoder())
    }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(goodBoy, forKey: .goodBoy)
        try super.encode(to: container.superEncoder())
    }

    override func isEqual(to other: Animal) -> Bool {
        guard let other = other as? Dog else { return false }
        return super.isEqual(to: other) && goodBoy == other.goodBoy
    }
}

/// Shares its encoder with its superclass: both ask the same encoder for a keyed container.
final class Cat: Animal {
    var lives: Int

    init(name: String, lives: Int) {
        self.lives = lives
        super.init(name: name)
    }

    private enum CodingKeys: String, CodingKey { case lives }

    required init(from decoder: any Decoder) throws {
        lives = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .lives)
        try super.init(from: decoder)
    }

    override func encode(to encoder: any Encoder) throws {
        try super.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lives, forKey: .lives)
    }

    override func isEqual(to other: Animal) -> Bool {
        guard let other = other as? Cat else { return false }
        return super.isEqual(to: other) && lives == other.lives
    }
}
