// BinaryCoding: a general Codable binary format, and the wire format of the
// Multiprocessing core (every value a pipe, queue, pool or manager carries,
// and the spec a spawned child reads first). It knows nothing of processes.
//
// Why not Foundation's coders: on the messages the core really sends, an
// encode plus a decode is 4.6x faster than JSONEncoder/JSONDecoder and 10.9x
// faster than the binary PropertyListEncoder for a pool task of one Int,
// 27.5x and 83.4x for a chunk of 100, and 8.5x and 32.4x for a manager's
// queue put of "Hi There"; its messages are also the smallest of the three
// (35, 42 and 103 bytes for that task). Measured with `Benchmarks/coding/run`
// (release build, medians of 7 rounds, 2 CPUs, 2026-12-04). And, unlike
// pickle, decoding it never runs code: the format carries data only.

/// The wire format written by `BinaryEncoder` and read by `BinaryDecoder`.
///
/// A message is exactly one value; nothing may follow it. Every value is a
/// one-byte tag followed by a payload:
///
/// | tag    | value        | payload                                                        |
/// |--------|--------------|----------------------------------------------------------------|
/// | `0x00` | nil          | none                                                           |
/// | `0x01` | false        | none                                                           |
/// | `0x02` | true         | none                                                           |
/// | `0x03` | signed int   | zigzag-encoded LEB128 varint (any signed width up to 64 bits)  |
/// | `0x04` | unsigned int | LEB128 varint (any unsigned width up to 64 bits)               |
/// | `0x05` | Float        | 4 bytes, IEEE 754 bit pattern, little-endian                   |
/// | `0x06` | Double       | 8 bytes, IEEE 754 bit pattern, little-endian                   |
/// | `0x07` | String       | varint byte count, then that many bytes of UTF-8               |
/// | `0x08` | byte blob    | varint byte count, then the raw bytes (`Data` and `[UInt8]`)   |
/// | `0x09` | unkeyed      | varint element count, then the elements, each a value          |
/// | `0x0A` | keyed        | varint entry count, then per entry: varint key byte count,     |
/// |        |              | the key's UTF-8 bytes (its `stringValue`), then a value        |
///
/// A varint is little-endian base-128: seven bits per byte, the high bit set on
/// every byte but the last; at most 10 bytes. Zigzag maps signed to unsigned
/// so that small magnitudes stay short: 0, -1, 1, -2, ... become 0, 1, 2, 3, ...
///
/// Keyed containers store their keys, so entries skipped with
/// `encodeIfPresent` or read in another order still decode. Dictionaries use
/// keyed containers when Swift's `Dictionary` asks for them (String and Int
/// keys; Int keys travel as their decimal `stringValue`) and unkeyed
/// containers of alternating keys and values otherwise.
///
/// `[UInt8]` and `Data` are always written as blobs; `[Int]`, `[Double]` and
/// `[String]` are written as unkeyed containers directly, without going
/// through `Array`'s `Codable` conformance (same bytes, much faster).
///
/// A value that asked for nothing to be encoded (a `superEncoder()` left
/// unused, say) is written as an empty keyed container. Containers may nest at
/// most ``BinaryFormat/maximumDepth`` deep.
///
/// Decoding converts between number types when nothing is lost: an integer of
/// any width and either integer tag decodes as any integer type it fits in,
/// and a Float as a Double or a Double as a Float if the value is exact (or
/// NaN or infinite). As with JSON, `Optional<Optional<T>>.some(nil)` decodes
/// as plain nil.
public enum BinaryFormat {
    /// How deep containers may nest; deeper input is refused, not recursed into.
    public static let maximumDepth = 512

    // Generic types the coders handle directly, looked up once: unspecialized
    // code would otherwise ask the runtime for their metadata on every comparison.
    static let byteArrayType: Any.Type = [UInt8].self
    static let intArrayType: Any.Type = [Int].self
    static let doubleArrayType: Any.Type = [Double].self
    static let stringArrayType: Any.Type = [String].self
}

/// The one-byte tag in front of every value; see ``BinaryFormat``.
enum BinaryTag: UInt8 {
    case null = 0x00
    case `false` = 0x01
    case `true` = 0x02
    case signed = 0x03
    case unsigned = 0x04
    case float = 0x05
    case double = 0x06
    case string = 0x07
    case bytes = 0x08
    case unkeyed = 0x09
    case keyed = 0x0A

    /// A name for error messages.
    var name: String {
        switch self {
        case .null: "nil"
        case .false, .true: "Bool"
        case .signed: "signed integer"
        case .unsigned: "unsigned integer"
        case .float: "Float"
        case .double: "Double"
        case .string: "String"
        case .bytes: "byte blob"
        case .unkeyed: "unkeyed container"
        case .keyed: "keyed container"
        }
    }
}
