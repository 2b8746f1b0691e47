import Multiprocessing

struct IncrementOrder: Codable {
    var counter: MP.Value<Int32>
    var increments: Int
}

/// Adds one to the shared value `increments` times, each under its lock.
enum LockedIncrementer: MP.ProcessTarget {
    static func run(_ order: IncrementOrder) throws {
        for _ in 0..<order.increments {
            try order.counter.withLock { $0 += 1 }
        }
    }
}

/// CPython's py_value.py `value_locked`: two processes increment one locked
/// Value; timed from starting both until both are joined. The final count
/// must be exact.
enum ValueBenchmarks {
    static func lockedIncrementsPerSecond(perProcess: Int) throws -> Double {
        let counter = try MP.Value<Int32>(0)
        let order = IncrementOrder(counter: counter, increments: perProcess)
        let workers = (0..<2).map { _ in MP.Process(target: LockedIncrementer.self, argument: order) }
        let started = now()
        for worker in workers { try worker.start() }
        for worker in workers { try worker.join() }
        let elapsed = now() - started
        guard counter.value == Int32(2 * perProcess) else {
            throw BenchmarkFailure("lost updates under the lock: \(counter.value) of \(2 * perProcess)")
        }
        return Double(2 * perProcess) / elapsed
    }
}
