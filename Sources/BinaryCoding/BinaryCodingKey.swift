/// The coding key used for array positions and `super` in coding paths.
enum BinaryCodingKey: CodingKey {
    case index(Int)
    case named(String)

    static let `super` = BinaryCodingKey.named("super")

    init?(stringValue: String) { self = .named(stringValue) }
    init?(intValue: Int) { self = .index(intValue) }

    var stringValue: String {
        switch self {
        case .index(let index): "Index \(index)"
        case .named(let name): name
        }
    }

    var intValue: Int? {
        switch self {
        case .index(let index): index
        case .named: nil
        }
    }
}
