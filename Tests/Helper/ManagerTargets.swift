import Multiprocessing

struct SquareOrder2: Codable {
    var list: MP.ListProxy<Int>
    var index: Int
}

/// The course's managed-list example: square the element at my index.
enum IndexSquarer: MP.ProcessTarget {
    static func run(_ order: SquareOrder2) throws {
        let value = try order.list.get(order.index)
        try order.list.set(order.index, value * value)
    }
}

struct ProxyBundle: Codable {
    var list: MP.ListProxy<String>
    var dict: MP.DictProxy<String, Int>
    var namespace: MP.NamespaceProxy
    var value: MP.ValueProxy<Double>
}

/// Uses every proxy type from a child.
enum ProxyUser: MP.ProcessTarget {
    static func run(_ bundle: ProxyBundle) throws {
        try bundle.list.append("from child")
        try bundle.dict.set("child", try bundle.dict.get("parent") + 1)
        try bundle.namespace.set("greeting", "hello")
        try bundle.value.set(try bundle.value.get() * 2)
    }
}

struct VictimOrder: Codable {
    var list: MP.ListProxy<Int>
    var results: MP.Connection
}

/// A well-behaved client that keeps working while others attack the server.
enum WellBehavedClient: MP.ProcessTarget {
    static func run(_ order: VictimOrder) throws {
        var correct = 0
        for i in 0..<8000 {
            try order.list.append(i)
            if try order.list.get(-1) == i { correct += 1 }
        }
        try order.results.send(correct)
    }
}
