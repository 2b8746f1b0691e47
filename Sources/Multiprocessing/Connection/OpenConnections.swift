/// The descriptors of this process's open connections, so that a fork child
/// running a named target can be left holding only the ones it was handed
/// (as under spawn and forkserver, where nothing else crosses).
enum OpenConnections {
    /// Replaced in a fork child by `begin(child:)`: another thread of the
    /// parent may have held this lock at the fork.
    nonisolated(unsafe) private static var open = Locked<Set<Int32>>([])

    static func add(_ descriptors: Int32...) {
        open.withLock { open in
            for descriptor in descriptors where descriptor >= 0 { open.insert(descriptor) }
        }
    }

    static func remove(_ descriptors: Int32...) {
        open.withLock { open in
            for descriptor in descriptors { open.remove(descriptor) }
        }
    }

    /// The descriptors open now.
    static func snapshot() -> Set<Int32> {
        open.withLock { $0 }
    }

    /// A fork child's own list: the descriptors it kept.
    static func begin(child kept: Set<Int32>) {
        open = Locked(kept)
    }
}
