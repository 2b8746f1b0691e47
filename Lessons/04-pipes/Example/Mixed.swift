import Multiprocessing

// region: item
/// One element of a mixed list such as Python's [5, 'foo', None].
enum Item: Codable, Equatable {
    case int(Int)
    case text(String)
    case none
}
// endregion: item

// region: mixed-target
/// Sends the mixed list twice, then closes its end.
enum SendMixed: MP.ProcessTarget {
    static func run(_ end: MP.Connection) throws {
        let items: [Item] = [.int(5), .text("foo"), .none]
        try end.send(items)
        try end.send(items)
        say("\(whoAmI()): sent \(swiftStyle(items)) twice")
        end.close()
    }
}
// endregion: mixed-target

// region: styles
/// The list as Swift source would write it: [.int(5), .text("foo"), .none]
func swiftStyle(_ items: [Item]) -> String {
    "[" + items.map { item in
        switch item {
        case .int(let number): ".int(\(number))"
        case .text(let text): ".text(\"\(text)\")"
        case .none: ".none"
        }
    }.joined(separator: ", ") + "]"
}

/// The list as Python would print it: [5, 'foo', None]
func pythonStyle(_ items: [Item]) -> String {
    "[" + items.map { item in
        switch item {
        case .int(let number): "\(number)"
        case .text(let text): "'\(text)'"
        case .none: "None"
        }
    }.joined(separator: ", ") + "]"
}
// endregion: styles
