/// One directive of an `expect` block, as the chapter wrote it.
public struct CheckDirective: Sendable, Equatable, Encodable {
    /// Which directive it is.
    public enum Kind: Sendable, Equatable, Encodable {
        /// `CHECK:` a matching line somewhere after the previous match.
        case check
        /// `CHECK-NEXT:` the line right after the previous match.
        case next
        /// `CHECK-EMPTY:` the line right after the previous match is empty.
        case empty
        /// `CHECK-DAG:` one of a group matched in any order.
        case dag
        /// `CHECK-NOT:` no matching line before the next positive match.
        case not
        /// `CHECK-COUNT-N:` N matching lines, each after the previous.
        case count(Int)
        /// `CHECK-TOTAL-N:` exactly N matching lines in the whole output.
        case total(Int)
        /// `TRACE:` a fact about the run's process trace.
        case trace
        /// `ALLOW:` lines that may appear anywhere, any number of times
        /// (strict mode checks nothing else is printed).
        case allow

        /// The directive's name as written, e.g. `CHECK-COUNT-3`.
        public var name: String {
            switch self {
            case .check: return "CHECK"
            case .next: return "CHECK-NEXT"
            case .empty: return "CHECK-EMPTY"
            case .dag: return "CHECK-DAG"
            case .not: return "CHECK-NOT"
            case .count(let n): return "CHECK-COUNT-\(n)"
            case .total(let n): return "CHECK-TOTAL-\(n)"
            case .trace: return "TRACE"
            case .allow: return "ALLOW"
            }
        }

        /// Encodes as the name, e.g. `"CHECK-COUNT-3"`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }
    }

    /// Which directive it is.
    public let kind: Kind
    /// Its line number in chapter.md.
    public let line: Int
    /// The text after the colon, trimmed: the pattern, or the trace fact.
    public let argument: String

    /// The file the line is in, as reports name it: `chapter` or `exercise.md`.
    public let source: String

    /// A directive read from line `line` (1-based) of `source`.
    public init(kind: Kind, line: Int, argument: String, source: String = "chapter") {
        self.kind = kind
        self.line = line
        self.argument = argument
        self.source = source
    }

    /// E.g. `CHECK-NEXT at chapter line 14`.
    public var label: String { "\(kind.name) at \(source) line \(line)" }
}
