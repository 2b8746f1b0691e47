extension MP {
    /// A start method bundled with the objects that use it, so that one
    /// program can use several methods side by side (Python's
    /// `multiprocessing.get_context`).
    ///
    /// ```swift
    /// let spawn = MP.context(.spawn)
    /// let p = spawn.process(target: Worker.self, argument: 3)
    /// ```
    public struct Context: Sendable, Equatable {
        /// The start method of every process made through this context.
        public let startMethod: StartMethod

        /// A process of this context running a named target.
        public func process<Target: ProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil
        ) -> Process {
            Process(target: target, argument: argument, name: name, daemon: daemon, context: self)
        }

        /// A process of this context running a named target that needs no argument.
        public func process<Target: ProcessTarget>(
            target: Target.Type, name: String? = nil, daemon: Bool? = nil
        ) -> Process where Target.Argument == NoArgument {
            Process(target: target, argument: NoArgument(), name: name, daemon: daemon, context: self)
        }

        /// A process of this context running an `async` named target.
        public func process<Target: AsyncProcessTarget>(
            target: Target.Type, argument: Target.Argument, name: String? = nil, daemon: Bool? = nil
        ) -> Process {
            Process(target: target, argument: argument, name: name, daemon: daemon, context: self)
        }

        /// A process of this context running a closure (fork only; see `MP.Process`).
        public func process(
            name: String? = nil, daemon: Bool? = nil, _ body: @escaping () throws -> Void
        ) -> Process {
            Process(name: name, daemon: daemon, context: self, body)
        }

        /// A pipe whose ends can be handed to this context's processes.
        public func pipe(duplex: Bool = true) throws -> (Connection, Connection) {
            try MP.Pipe(duplex: duplex)
        }
    }

    /// The context of `method`, or of the program's default start method.
    public static func context(_ method: StartMethod? = nil) -> Context {
        Context(startMethod: method ?? startMethod)
    }
}
