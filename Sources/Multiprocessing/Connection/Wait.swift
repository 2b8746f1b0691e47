extension MP {
    /// Something `MP.wait` can watch: a connection (ready when a message or
    /// the end of file is waiting) or a process sentinel (ready when the
    /// process has ended).
    public protocol Waitable: AnyObject, Sendable {
        /// The descriptor that becomes readable when the object is ready.
        var waitDescriptor: Int32 { get throws }
    }

    /// Waits until at least one of `objects` is ready and returns the ready
    /// ones, in the order given. A nil timeout waits for ever; on timeout the
    /// result is empty.
    ///
    /// ```swift
    /// let ready = try MP.wait([connection, try process.sentinel], timeout: 5)
    /// if ready.contains(where: { $0 === connection }) { ... }
    /// ```
    public static func wait(_ objects: [any Waitable], timeout: Double? = nil) throws -> [any Waitable] {
        let descriptors = try objects.map { try $0.waitDescriptor }
        let ready = Set(try Descriptors.waitReadable(descriptors, timeout: timeout))
        return zip(objects, descriptors).filter { ready.contains($0.1) }.map(\.0)
    }
}
