import FoundationEssentials
import XCTest
@testable import BinaryCoding

final class RoundTripTests: XCTestCase {
    func testBareScalars() throws {
        for value in [0, 1, -1, 63, -64, 64, 127, 128, -129, 1 << 40, .min, .max] {
            try assertRoundTrip(value)
        }
        try assertRoundTrip(true)
        try assertRoundTrip(false)
        try assertRoundTrip("")
        try assertRoundTrip("hello")
        try assertRoundTrip("ünïcødé 🌍 日本語 \u{0}")
        try assertRoundTrip(3.25)
        try assertRoundTrip(Float(-1.5))
        try assertRoundTrip(Double.infinity)
        try assertRoundTrip(-Double.infinity)
        try assertRoundTrip(Double.leastNonzeroMagnitude)
        try assertRoundTrip(Optional<Int>.none)
        try assertRoundTrip(Optional(5))
    }

    func testNaNAndSignedZeroKeepTheirBits() throws {
        for double in [Double.nan, -Double.nan, Double.signalingNaN, -0.0] {
            let copy = try BinaryDecoder().decode(Double.self, from: try encodeBothWays(double))
            XCTAssertEqual(copy.bitPattern, double.bitPattern)
        }
        for float in [Float.nan, -0.0 as Float] {
            let copy = try BinaryDecoder().decode(Float.self, from: try encodeBothWays(float))
            XCTAssertEqual(copy.bitPattern, float.bitPattern)
        }
    }

    func testAllIntegerWidthsAtTheirLimits() throws {
        try assertRoundTrip(AllIntegers.minimum)
        try assertRoundTrip(AllIntegers.maximum)
        try assertRoundTrip(Int8.min)
        try assertRoundTrip(Int16.max)
        try assertRoundTrip(Int32.min)
        try assertRoundTrip(Int64.min)
        try assertRoundTrip(UInt.max)
        try assertRoundTrip(UInt8.max)
        try assertRoundTrip(UInt16.max)
        try assertRoundTrip(UInt32.max)
        try assertRoundTrip(UInt64.max)
        try assertRoundTrip([Int8.min, 0, Int8.max])
        try assertRoundTrip([UInt64.max, 0])
    }

    func testWideningAndNarrowingWithinRange() throws {
        let decoder = BinaryDecoder()
        XCTAssertEqual(try decoder.decode(UInt8.self, from: try BinaryEncoder().encode(200)), 200)
        XCTAssertEqual(try decoder.decode(Int8.self, from: try BinaryEncoder().encode(UInt64(5))), 5)
        XCTAssertEqual(try decoder.decode(Double.self, from: try BinaryEncoder().encode(Float(0.5))), 0.5)
        XCTAssertEqual(try decoder.decode(Float.self, from: try BinaryEncoder().encode(0.25)), 0.25)
        XCTAssertTrue(try decoder.decode(Float.self, from: try BinaryEncoder().encode(Double.nan)).isNaN)
    }

    func testArrays() throws {
        try assertRoundTrip([Int]())
        try assertRoundTrip([1, 2, 3])
        try assertRoundTrip(Array(0..<1000))
        try assertRoundTrip(["a", "", "ç"])
        try assertRoundTrip([[1], [], [2, 3]])
        try assertRoundTrip([5, nil] as [Int?])
        try assertRoundTrip([nil, nil] as [String?])
        try assertRoundTrip([Value.int(5), .string("foo"), .none, .list([.int(-1), .list([])])])
        try assertRoundTrip(Set([1, 5, 9]))
        try assertRoundTrip(ContiguousArray([1.5, 2.5]))
    }

    func testCountsOfEveryVarintLength() throws {
        // Counts of 128 and up no longer fit the byte reserved for them.
        for count in [127, 128, 129, 16_383, 16_384, 70_000] {
            try assertRoundTrip(Array(repeating: 7, count: count))
            try assertRoundTrip([Array(repeating: "x", count: count), ["y"]])
            try assertRoundTrip(Dictionary(uniqueKeysWithValues: (0..<count).map { ("k\($0)", $0) }))
        }
    }

    func testByteBlobs() throws {
        let bytes = try assertRoundTrip([UInt8](repeating: 0xAB, count: 300))
        XCTAssertEqual(bytes.count, 1 + 2 + 300, "a [UInt8] is one blob, not 300 values")
        try assertRoundTrip([UInt8]())
        let data = try assertRoundTrip(Data((0..<200).map { UInt8($0) }))
        XCTAssertEqual(data.count, 1 + 2 + 200)
        try assertRoundTrip(Data())
        try assertRoundTrip([Data([1]), Data(), Data([2, 3])])
        try assertRoundTrip(["blob": [UInt8]([1, 2])])
        try assertRoundTrip(Optional(Data([4])))
    }

    func testBlobsDecodeFromElementwiseArrays() throws {
        // Bytes written one by one (by another collection type) still decode as [UInt8] and Data.
        let bytes = try BinaryEncoder().encode(ContiguousArray<UInt8>([1, 2, 3]))
        XCTAssertEqual(bytes.first, BinaryTag.unkeyed.rawValue)
        XCTAssertEqual(try BinaryDecoder().decode([UInt8].self, from: bytes), [1, 2, 3])
        XCTAssertEqual(try BinaryDecoder().decode(Data.self, from: bytes), Data([1, 2, 3]))
    }

    func testDictionaries() throws {
        try assertRoundTrip([String: Int]())
        try assertRoundTrip(["a": 1, "b": 2, "": 3, "ü": 4])
        try assertRoundTrip([1: "one", -1: "minus one", Int.max: "max"])
        try assertRoundTrip([UInt8(1): "unkeyed pairs", 2: "for other key types"])
        try assertRoundTrip([Color.red: 1, .blue: 2])
        try assertRoundTrip(["outer": ["inner": [1.5]]])
        try assertRoundTrip([true: 1, false: 0])
    }

    func testStructsAndEnums() throws {
        try assertRoundTrip(Point(x: 1, y: 2, label: "three"))
        try assertRoundTrip(Empty())
        try assertRoundTrip([Empty(), Empty()])
        try assertRoundTrip(Nested.sample)
        try assertRoundTrip([Nested.sample, Nested.sample])
        try assertRoundTrip(Shape.polygon(points: [], closed: false))
        try assertRoundTrip([Shape.nothing, .circle(radius: -0.5)])
        try assertRoundTrip(Color.blue)
    }

    func testOptionalsAreSkippedNotStored() throws {
        let none = Optionals(a: nil, b: nil, c: nil, d: nil)
        XCTAssertEqual(try assertRoundTrip(none), [BinaryTag.keyed.rawValue, 0])
        try assertRoundTrip(Optionals(a: nil, b: "b", c: nil, d: Point(x: 0, y: 0, label: "")))
        try assertRoundTrip(Optionals(a: 1, b: nil, c: [nil, 5], d: nil))
        // Reading an absent optional field out of order still works.
        try assertRoundTrip(Reordered(first: nil, second: 2, third: nil))
    }

    func testSuperEncoderAndSuperDecoder() throws {
        try assertRoundTrip(Dog(name: "Rex", goodBoy: true) as Animal as! Dog)
        try assertRoundTrip(Cat(name: "Tom", lives: 9) as Animal as! Cat)
        try assertRoundTrip([Dog(name: "A", goodBoy: false), Dog(name: "B", goodBoy: true)])
        try assertRoundTrip(SuperUser(kind: .keyedSuper, value: 3))
        try assertRoundTrip(SuperUser(kind: .unkeyedSuper, value: 4))
        try assertRoundTrip(SuperUser(kind: .unusedSuper, value: 5))
        try assertRoundTrip(SuperUser(kind: .singleValueSuper, value: 6))
    }

    func testNestedContainers() throws {
        try assertRoundTrip(NestingUser(order: .stacked, numbers: [1, 2, 3]))
        try assertRoundTrip(NestingUser(order: .stacked, numbers: []))
        try assertRoundTrip(NestingUser(order: .stacked, numbers: Array(0..<300)))
    }

    func testContainersUsedOutOfOrder() throws {
        // Interleaving a container with containers nested in it is legal Codable; the
        // encoder notices and encodes again with isolated containers.
        for order in [NestingUser.Order.interleaved, .siblingsInterleaved, .lateSuperEncoder] {
            for numbers in [[], [1, 2], Array(0..<200)] {
                let value = NestingUser(order: order, numbers: numbers)
                let bytes = try BinaryEncoder().encode(value)
                XCTAssertEqual(try BinaryEncoder().encode(value, isolatingNestedContainers: false), nil, "\(order)")
                XCTAssertEqual(try BinaryDecoder().decode(NestingUser.self, from: bytes), value, "\(order)")
                // The same value written in stack order gives the same bytes.
                let stacked = NestingUser(order: .stacked, numbers: numbers)
                XCTAssertEqual(bytes, try BinaryEncoder().encode(stacked), "\(order)")
            }
        }
        try assertRoundTrip([NestingUser(order: .interleaved, numbers: Array(0..<150)), NestingUser(order: .stacked, numbers: [1])])
    }

    func testUserInfoReachesCustomCoding() throws {
        let key = try XCTUnwrap(CodingUserInfoKey(rawValue: "scale"))
        let bytes = try BinaryEncoder(userInfo: [key: 10]).encode(Scaled(value: 4))
        XCTAssertEqual(try BinaryDecoder().decode(Int.self, from: bytes), 40)
        let decoded = try BinaryDecoder(userInfo: [key: 2]).decode(Scaled.self, from: bytes)
        XCTAssertEqual(decoded.value, 20)
    }

    func testCodingPathsArePassedOn() throws {
        let bytes = try BinaryEncoder().encode(PathRecorder(child: PathRecorder(child: nil)))
        let copy = try BinaryDecoder().decode(PathRecorder.self, from: bytes)
        XCTAssertEqual(copy.encodedPath, "")
        XCTAssertEqual(copy.child?.encodedPath, "child")
        XCTAssertEqual(copy.decodedPath, "")
        XCTAssertEqual(copy.child?.decodedPath, "child")
        let list = try BinaryDecoder().decode([PathRecorder].self, from: try BinaryEncoder().encode([PathRecorder(child: nil)]))
        XCTAssertEqual(list.first?.decodedPath, "Index 0")
    }

    func testFormatIsAsDocumented() throws {
        let encoder = BinaryEncoder()
        XCTAssertEqual(try encoder.encode(0), [0x03, 0x00])
        XCTAssertEqual(try encoder.encode(-1), [0x03, 0x01])
        XCTAssertEqual(try encoder.encode(64), [0x03, 0x80, 0x01])
        XCTAssertEqual(try encoder.encode(UInt(300)), [0x04, 0xAC, 0x02])
        XCTAssertEqual(try encoder.encode(Int?.none), [0x00])
        XCTAssertEqual(try encoder.encode([false, true]), [0x09, 0x02, 0x01, 0x02])
        XCTAssertEqual(try encoder.encode("hé"), [0x07, 0x03, 0x68, 0xC3, 0xA9])
        XCTAssertEqual(try encoder.encode(Float(1)), [0x05, 0x00, 0x00, 0x80, 0x3F])
        XCTAssertEqual(try encoder.encode(1.0), [0x06, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        XCTAssertEqual(try encoder.encode([UInt8]([1, 2])), [0x08, 0x02, 0x01, 0x02])
        XCTAssertEqual(
            try encoder.encode(Point(x: 1, y: 0, label: "")),
            [0x0A, 0x03, 0x01, 0x78, 0x03, 0x02, 0x01, 0x79, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x6C, 0x61, 0x62, 0x65, 0x6C, 0x07, 0x00]
        )
        XCTAssertEqual(try encoder.encode([1: true]), [0x0A, 0x01, 0x01, 0x31, 0x02])
        XCTAssertEqual(try encoder.encode(Array(repeating: Int?.none, count: 128)), [0x09, 0x80, 0x01] + Array(repeating: 0, count: 128))
    }

    func testDirectArraysMatchArrayCodable() throws {
        // [Int], [Double] and [String] skip Array's Codable conformance; the bytes must not change.
        let encoder = BinaryEncoder()
        XCTAssertEqual(try encoder.encode([1, -2, 300]), try encoder.encode(ContiguousArray([1, -2, 300])))
        XCTAssertEqual(try encoder.encode([1.5, .infinity]), try encoder.encode(ContiguousArray([1.5, Double.infinity])))
        XCTAssertEqual(try encoder.encode(["a", "", "ü"]), try encoder.encode(ContiguousArray(["a", "", "ü"])))
        XCTAssertEqual(try encoder.encode([[1], [2, 3]]), try encoder.encode([ContiguousArray([1]), ContiguousArray([2, 3])]))
        let decoder = BinaryDecoder()
        XCTAssertEqual(try decoder.decode([Int].self, from: try encoder.encode(ContiguousArray([UInt8(1), 2]))), [1, 2])
        XCTAssertEqual(try decoder.decode([Double].self, from: try encoder.encode([Float(0.5)])), [0.5])
        XCTAssertEqual(try decoder.decode(ContiguousArray<Int>.self, from: try encoder.encode([7, 8])), [7, 8])
        try assertRoundTrip(Array(repeating: "text", count: 200))
        try assertRoundTrip((0..<300).map { Double($0) / 3 })
    }

    func testEncodeIgnoresErrorsCaughtByTheValue() throws {
        // A value that catches an error thrown while encoding an element leaves no trace of it.
        try assertRoundTrip(Forgiving(numbers: [1, 2, 3]))
    }

    func testDeepButAllowedNesting() throws {
        var value = Value.int(1)
        for _ in 0..<BinaryFormat.maximumDepth { value = .list([value]) }
        try assertRoundTrip(value)
        try assertRoundTrip(Chain.make(depth: BinaryFormat.maximumDepth - 2)) // 512 containers
    }
}

struct Reordered: Codable, Equatable {
    var first: Int?
    var second: Int
    var third: String?

    enum CodingKeys: CodingKey { case first, second, third }

    init(first: Int?, second: Int, third: String?) {
        self.first = first
        self.second = second
        self.third = third
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        third = try container.decodeIfPresent(String.self, forKey: .third)
        second = try container.decode(Int.self, forKey: .second)
        first = try container.decodeIfPresent(Int.self, forKey: .first)
        XCTAssertFalse(container.contains(.first) && first == nil)
    }
}

/// Exercises `superEncoder` in the ways Codable allows.
struct SuperUser: Codable, Equatable {
    enum Kind: Int, Codable { case keyedSuper, unkeyedSuper, unusedSuper, singleValueSuper }
    var kind: Kind
    var value: Int

    enum CodingKeys: CodingKey { case kind, parent, missing }

    init(kind: Kind, value: Int) {
        self.kind = kind
        self.value = value
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch kind {
        case .keyedSuper:
            var parent = container.superEncoder(forKey: .parent).container(keyedBy: CodingKeys.self)
            try parent.encode(value, forKey: .kind)
        case .unkeyedSuper:
            var list = container.superEncoder().unkeyedContainer()
            try list.encode(value)
            try list.encode(value)
        case .unusedSuper:
            _ = container.superEncoder()
            try container.encode(value, forKey: .parent)
        case .singleValueSuper:
            var single = container.superEncoder().singleValueContainer()
            try single.encode(value)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(Kind.self, forKey: .kind)
        switch kind {
        case .keyedSuper:
            value = try container.superDecoder(forKey: .parent).container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .kind)
        case .unkeyedSuper:
            var list = try container.superDecoder().unkeyedContainer()
            value = try list.decode(Int.self)
            XCTAssertEqual(try list.decode(Int.self), value)
            XCTAssertTrue(list.isAtEnd)
        case .unusedSuper:
            XCTAssertEqual(try container.superDecoder().container(keyedBy: CodingKeys.self).allKeys.count, 0)
            value = try container.decode(Int.self, forKey: .parent)
            // A missing super entry reads as nil, like JSONDecoder's.
            XCTAssertTrue(try container.superDecoder(forKey: .missing).singleValueContainer().decodeNil())
        case .singleValueSuper:
            value = try container.superDecoder().singleValueContainer().decode(Int.self)
        }
    }
}

/// Writes the same layout with containers used in different orders.
struct NestingUser: Codable, Equatable {
    enum Order: Codable { case stacked, interleaved, siblingsInterleaved, lateSuperEncoder }
    var order: Order
    var numbers: [Int]

    enum CodingKeys: CodingKey { case header, list, pairs, sup, trailer }
    enum PairKeys: CodingKey { case left, right }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch order {
        case .stacked:
            try container.encode(numbers.count, forKey: .header)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            for number in numbers { try list.encode(number) }
            var pairs = container.nestedUnkeyedContainer(forKey: .pairs)
            var left = pairs.nestedContainer(keyedBy: PairKeys.self)
            try left.encode("l", forKey: .left)
            try left.encode(numbers.first, forKey: .right)
            var right = pairs.nestedUnkeyedContainer()
            try right.encode(numbers.count)
            var sup = container.superEncoder(forKey: .sup).singleValueContainer()
            try sup.encode(numbers.last)
            try container.encode("end", forKey: .trailer)
        case .interleaved:
            try container.encode(numbers.count, forKey: .header)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            var pairs = container.nestedUnkeyedContainer(forKey: .pairs)
            var left = pairs.nestedContainer(keyedBy: PairKeys.self)
            var right = pairs.nestedUnkeyedContainer()
            let sup = container.superEncoder(forKey: .sup)
            try container.encode("end", forKey: .trailer)
            for number in numbers { try list.encode(number) }
            try right.encode(numbers.count)
            try left.encode("l", forKey: .left)
            var single = sup.singleValueContainer()
            try single.encode(numbers.last)
            try left.encode(numbers.first, forKey: .right)
        case .siblingsInterleaved:
            try container.encode(numbers.count, forKey: .header)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            var pairs = container.nestedUnkeyedContainer(forKey: .pairs)
            var left = pairs.nestedContainer(keyedBy: PairKeys.self)
            var right = pairs.nestedUnkeyedContainer()
            try left.encode("l", forKey: .left)
            try right.encode(numbers.count)
            try left.encode(numbers.first, forKey: .right)
            for number in numbers { try list.encode(number) }
            var sup = container.superEncoder(forKey: .sup).singleValueContainer()
            try sup.encode(numbers.last)
            try container.encode("end", forKey: .trailer)
        case .lateSuperEncoder:
            try container.encode(numbers.count, forKey: .header)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            for number in numbers { try list.encode(number) }
            var pairs = container.nestedUnkeyedContainer(forKey: .pairs)
            var left = pairs.nestedContainer(keyedBy: PairKeys.self)
            try left.encode("l", forKey: .left)
            try left.encode(numbers.first, forKey: .right)
            var right = pairs.nestedUnkeyedContainer()
            let sup = container.superEncoder(forKey: .sup)
            try container.encode("end", forKey: .trailer)
            try right.encode(numbers.count)
            var single = sup.singleValueContainer()
            try single.encode(numbers.last)
        }
    }

    init(order: Order, numbers: [Int]) {
        self.order = order
        self.numbers = numbers
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        XCTAssertEqual(try container.decode(String.self, forKey: .trailer), "end")
        let count = try container.decode(Int.self, forKey: .header)
        var list = try container.nestedUnkeyedContainer(forKey: .list)
        XCTAssertEqual(list.count, count)
        var numbers: [Int] = []
        while !list.isAtEnd { numbers.append(try list.decode(Int.self)) }
        var pairs = try container.nestedUnkeyedContainer(forKey: .pairs)
        let left = try pairs.nestedContainer(keyedBy: PairKeys.self)
        XCTAssertEqual(try left.decode(String.self, forKey: .left), "l")
        XCTAssertEqual(try left.decodeIfPresent(Int.self, forKey: .right), numbers.first)
        var right = try pairs.nestedUnkeyedContainer()
        XCTAssertEqual(try right.decode(Int.self), count)
        XCTAssertEqual(try container.superDecoder(forKey: .sup).singleValueContainer().decode(Int?.self), numbers.last)
        self.order = .stacked
        self.numbers = numbers
    }

    static func == (lhs: NestingUser, rhs: NestingUser) -> Bool { lhs.numbers == rhs.numbers }
}

struct Scaled: Codable {
    var value: Int
    static let key = CodingUserInfoKey(rawValue: "scale")!

    init(value: Int) { self.value = value }

    init(from decoder: any Decoder) throws {
        let scale = decoder.userInfo[Self.key] as? Int ?? 1
        value = try decoder.singleValueContainer().decode(Int.self) / scale
    }

    func encode(to encoder: any Encoder) throws {
        let scale = encoder.userInfo[Self.key] as? Int ?? 1
        var container = encoder.singleValueContainer()
        try container.encode(value * scale)
    }
}

final class PathRecorder: Codable {
    var child: PathRecorder?
    var encodedPath = ""
    var decodedPath = ""

    init(child: PathRecorder?) { self.child = child }

    enum CodingKeys: CodingKey { case child, path }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(encoder.codingPath.map(\.stringValue).joined(separator: "."), forKey: .path)
        try container.encodeIfPresent(child, forKey: .child)
    }

    init(from decoder: any Decoder) throws {
        decodedPath = decoder.codingPath.map(\.stringValue).joined(separator: ".")
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encodedPath = try container.decode(String.self, forKey: .path)
        child = try container.decodeIfPresent(PathRecorder.self, forKey: .child)
    }
}

/// Catches an error from one element and goes on.
struct Forgiving: Codable, Equatable {
    var numbers: [Int]

    struct Failing: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(1)
            var nested = container.nestedContainer(keyedBy: NestingUser.CodingKeys.self)
            try nested.encode(2, forKey: .header)
            throw EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "no"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for number in numbers {
            try container.encode(number)
            try? container.encode(Failing())
        }
    }

    init(numbers: [Int]) { self.numbers = numbers }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        numbers = []
        while !container.isAtEnd { numbers.append(try container.decode(Int.self)) }
    }
}

/// Nests arrays `depth` deep around an [Int], which the coders handle directly.
indirect enum Chain: Codable, Equatable {
    case wrap(Chain)
    case leaf([Int])

    static func make(depth: Int) -> Chain {
        (0..<depth).reduce(.leaf([1, 2])) { chain, _ in .wrap(chain) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        switch self {
        case .wrap(let inner): try container.encode(inner)
        case .leaf(let numbers): try container.encode(numbers)
        }
    }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        if let numbers = try? container.decode([Int].self) {
            self = .leaf(numbers)
        } else {
            self = .wrap(try container.decode(Chain.self))
        }
    }
}
