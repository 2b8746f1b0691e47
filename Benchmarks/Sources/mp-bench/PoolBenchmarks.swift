import Multiprocessing

enum SquareTask: MP.PoolTask {
    static func run(_ x: Int) throws -> Int { x * x }
}

/// CPython's py_pool.py with a pool of 2 (pool creation not timed; a small
/// warm-up map first).
enum PoolBenchmarks {
    static func tasksPerSecond(_ kind: String, count: Int) throws -> Double {
        try MP.withPool(processes: 2) { pool in
            _ = try pool.map(SquareTask.self, Array(0..<8), chunkSize: 1)
            let inputs = Array(0..<count)
            let expected = inputs.reduce(0) { $0 + $1 * $1 }
            let started = now()
            let total: Int
            switch kind {
            case "map_chunk1":
                total = try pool.map(SquareTask.self, inputs, chunkSize: 1).reduce(0, +)
            case "apply_async":
                let results = try inputs.map { try pool.applyAsync(SquareTask.self, $0) }
                total = try results.reduce(0) { $0 + (try $1.get()) }
            case "imap_unordered":
                var sum = 0
                let iterator = try pool.imapUnordered(SquareTask.self, inputs)
                while let value = try iterator.next(timeout: nil) { sum += value }
                total = sum
            default:
                throw BenchmarkFailure("unknown pool benchmark \(kind)")
            }
            let elapsed = now() - started
            guard total == expected else { throw BenchmarkFailure("wrong sum \(total)") }
            return Double(count) / elapsed
        }
    }
}
