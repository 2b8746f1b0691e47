extension MP {
    /// What a `Barrier` runs once per cycle, when the last party arrives and
    /// before any party is released.
    ///
    /// Like a process target, it is a named type, so that whichever process
    /// arrives last can find it by name, even a fresh copy of the program
    /// under spawn. Declare it at the top level:
    ///
    /// ```swift
    /// enum NextRound: MP.BarrierAction {
    ///     static func run() throws {
    ///         print("everyone is here")
    ///     }
    /// }
    /// let barrier = try MP.Barrier(parties: 3, action: NextRound.self)
    /// ```
    ///
    /// If `run` throws, the barrier breaks: the process that ran it gets the
    /// error, every other waiter `BrokenBarrierError`.
    public protocol BarrierAction {
        /// Runs in the process that arrived last, once per cycle.
        static func run() throws
    }
}

/// Finds a barrier action by its mangled name in this copy of the program.
enum BarrierActionLookup {
    /// Whether a fresh copy of the program can find `action` by name.
    static func isFindable(_ action: any MP.BarrierAction.Type) -> Bool {
        TypeNames.findableName(of: action) != nil
    }

    static func name(of action: any MP.BarrierAction.Type) -> String {
        _mangledTypeName(action) ?? ""
    }

    static func action(named name: String) -> (any MP.BarrierAction.Type)? {
        _typeByName(name) as? any MP.BarrierAction.Type
    }
}
