import Multiprocessing

/// Benchmarks/cpython/thread_pool_map.py: a pool of 2 threads maps a
/// trivial task over 0..<count with chunk size 1 (pool creation not timed;
/// a small warm-up map first). CPython's figure is for
/// `multiprocessing.dummy.Pool(2).map(square, range(count), chunksize=1)`.
enum ThreadPoolBenchmarks {
    static func mapTasksPerSecond(count: Int) throws -> Double {
        try MP.Threads.withPool(processes: 2) { pool in
            _ = try pool.map(SquareTask.self, Array(0..<8), chunkSize: 1)
            let inputs = Array(0..<count)
            let expected = inputs.reduce(0) { $0 + $1 * $1 }
            let started = now()
            let total = try pool.map(SquareTask.self, inputs, chunkSize: 1).reduce(0, +)
            let elapsed = now() - started
            guard total == expected else { throw BenchmarkFailure("wrong sum \(total)") }
            return Double(count) / elapsed
        }
    }
}
