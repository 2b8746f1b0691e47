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
