extension MP {
    /// A *named target*: work a child process can find by name under every
    /// start method.
    ///
    /// Declare it as a top-level type, the way a Python target must be a
    /// module-level function so pickle can find it:
    ///
    /// ```swift
    /// enum Greeter: MP.ProcessTarget {
    ///     static func run(_ name: String) throws {
    ///         print("hello", name)
    ///     }
    /// }
    /// let p = MP.Process(target: Greeter.self, argument: "bob")
    /// ```
    ///
    /// Under spawn and forkserver the child is a fresh copy of the program:
    /// it finds the type by its mangled name and decodes the argument, which
    /// is why the argument must be `Codable`. A target that does not need an
    /// argument takes `MP.NoArgument`.
    public protocol ProcessTarget {
        /// What the parent hands to `run`; it crosses into the child encoded.
        associatedtype Argument: Codable = NoArgument
        /// Runs in the child. Returning ends the child with exit code 0;
        /// throwing prints the error on standard error and ends it with 1.
        static func run(_ argument: Argument) throws
    }

    /// A named target whose work is `async`. Under spawn and forkserver it
    /// may use Swift concurrency and Dispatch freely; under fork only if the
    /// parent had not started any threads before forking.
    public protocol AsyncProcessTarget {
        /// What the parent hands to `run`; it crosses into the child encoded.
        associatedtype Argument: Codable = NoArgument
        /// Runs in the child; returning ends it with exit code 0, throwing with 1.
        static func run(_ argument: Argument) async throws
    }

    /// The argument of a target that needs none.
    public struct NoArgument: Codable, Sendable, Equatable {
        /// The one value.
        public init() {}
    }
}
