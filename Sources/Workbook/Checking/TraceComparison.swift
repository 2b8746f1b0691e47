/// A comparison operator in a TRACE fact.
enum TraceComparison: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case atLeast = ">="
    case atMost = "<="
    case greater = ">"
    case less = "<"

    func holds(_ left: Int, _ right: Int) -> Bool {
        switch self {
        case .equal: return left == right
        case .notEqual: return left != right
        case .atLeast: return left >= right
        case .atMost: return left <= right
        case .greater: return left > right
        case .less: return left < right
        }
    }

    static var spelled: String { allCases.map(\.rawValue).joined(separator: " ") }
}
