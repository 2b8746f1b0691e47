import Multiprocessing

struct ManagerListOrder: Codable {
    var list: MP.ListProxy<Int>
    var count: Int
    var results: MP.Connection
}

struct ManagerDictOrder: Codable {
    var dict: MP.DictProxy<Int, Int>
    var count: Int
    var results: MP.Connection
}

/// CPython's py_manager.py list child: appends, then index reads, timed inside.
enum ManagerListChild: MP.ProcessTarget {
    static func run(_ order: ManagerListOrder) throws {
        let started = now()
        for i in 0..<order.count { try order.list.append(i) }
        let appended = now()
        var sum = 0
        for i in 0..<order.count { sum += try order.list.get(i) }
        try order.results.send([appended - started, now() - appended, Double(sum)])
    }
}

/// CPython's py_manager.py dict child: stores, then reads, timed inside.
enum ManagerDictChild: MP.ProcessTarget {
    static func run(_ order: ManagerDictOrder) throws {
        let started = now()
        for i in 0..<order.count { try order.dict.set(i, i) }
        let stored = now()
        var sum = 0
        for i in 0..<order.count { sum += try order.dict.get(i) }
        try order.results.send([stored - started, now() - stored, Double(sum)])
    }
}

enum ManagerBenchmarks {
    /// Operations per second for one of the four manager figures.
    static func operationsPerSecond(_ name: String, count: Int) throws -> Double {
        try MP.withManager { manager in
            let (mine, theirs) = try MP.Pipe()
            let child: MP.Process
            if name.hasPrefix("manager_list") {
                child = MP.Process(target: ManagerListChild.self,
                                   argument: ManagerListOrder(list: try manager.list([Int]()), count: count, results: theirs))
            } else {
                child = MP.Process(target: ManagerDictChild.self,
                                   argument: ManagerDictOrder(dict: try manager.dict([Int: Int]()), count: count, results: theirs))
            }
            try child.start()
            let times = try mine.recv([Double].self)
            try child.join()
            guard Int(times[2]) == count * (count - 1) / 2 else { throw BenchmarkFailure("wrong sum") }
            let seconds = name.hasSuffix("append") || name.hasSuffix("setitem") ? times[0] : times[1]
            return Double(count) / seconds
        }
    }
}
