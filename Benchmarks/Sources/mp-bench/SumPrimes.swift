import Multiprocessing

/// The course's CPU-bound workload, as in CPython's py_sum_primes.py: for
/// each n in 0, 500, ..., 99 500, the sum of the primes below n, found by
/// trial division up to the square root.
enum SumPrimes: MP.PoolTask {
    static func run(_ n: Int) throws -> Int {
        var sum = 0
        var candidate = 2
        while candidate < n {
            if isPrime(candidate) { sum += candidate }
            candidate += 1
        }
        return sum
    }

    static func isPrime(_ n: Int) -> Bool {
        if n < 2 { return false }
        if n == 2 { return true }
        let limit = Int(Double(n).squareRoot().rounded(.up))
        var divisor = 2
        while divisor <= limit {
            if n % divisor == 0 { return false }
            divisor += 1
        }
        return true
    }

    static let items = Array(stride(from: 0, to: 100_000, by: 500))
    static let checksum = 31_007_039_440

    /// Seconds to run every item in this process.
    static func singleSeconds() throws -> Double {
        let started = now()
        let total = try items.reduce(0) { $0 + (try run($1)) }
        guard total == checksum else { throw BenchmarkFailure("wrong checksum \(total)") }
        return now() - started
    }

    /// Seconds for a pool of 2 to map every item (pool start not timed).
    static func poolSeconds(processes: Int) throws -> Double {
        try MP.withPool(processes: processes) { pool in
            _ = try pool.map(SumPrimes.self, [10, 20], chunkSize: 1)
            let started = now()
            let total = try pool.map(SumPrimes.self, items).reduce(0, +)
            guard total == checksum else { throw BenchmarkFailure("wrong checksum \(total)") }
            return now() - started
        }
    }
}
