extension MP {
    /// Work a pool's worker can find by name and run: Python's function
    /// passed to `Pool.map`, as a top-level type.
    ///
    /// ```swift
    /// enum Square: MP.PoolTask {
    ///     static func run(_ x: Int) throws -> Int { x * x }
    /// }
    /// let squares = try pool.map(Square.self, Array(0..<6))   // [0, 1, 4, 9, 16, 25]
    /// ```
    public protocol PoolTask {
        /// One task's input; it crosses into the worker encoded.
        associatedtype Input: Codable
        /// One task's result; it crosses back encoded.
        associatedtype Output: Codable
        /// Runs one task in a worker process.
        static func run(_ input: Input) throws -> Output
    }
}

extension MP {
    /// A pool task of two arguments, for `Pool.starmap` (Python's `starmap`
    /// calls `f(a, b)` for each pair `(a, b)`).
    public protocol PoolPairTask {
        associatedtype First: Codable
        associatedtype Second: Codable
        associatedtype Output: Codable
        /// Runs one task in a worker process.
        static func run(_ first: First, _ second: Second) throws -> Output
    }

    /// Work each new pool worker runs once before its first task (Python's
    /// `initializer`), found by name in the worker like a task.
    public protocol PoolInitializer {
        /// Runs in each new worker. Throwing ends that worker; a pool whose
        /// workers keep failing here stops replacing them and fails its tasks.
        static func initialize() throws
    }
}

/// The two arguments of a `PoolPairTask`, as one encoded input.
struct TaskPair<First: Codable, Second: Codable>: Codable {
    var first: First
    var second: Second
}
