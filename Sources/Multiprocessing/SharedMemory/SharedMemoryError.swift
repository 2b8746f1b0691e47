extension MP {
    /// A shared array or a named shared-memory segment was used in a way its
    /// rules forbid.
    public enum SharedMemoryError: Error, CustomStringConvertible, Equatable, Sendable {
        /// An array's element count is negative.
        case negativeCount(Int)
        /// An array or segment this large does not fit in memory addresses.
        case tooLarge(count: Int, elementSize: Int)
        /// An index outside `0..<count`.
        case indexOutOfRange(index: Int, count: Int)
        /// A range that does not lie inside `0..<count`.
        case rangeOutOfBounds(lower: Int, upper: Int, count: Int)
        /// A range assigned a different number of elements than it spans.
        case lengthMismatch(rangeCount: Int, given: Int)
        /// A new segment's size must be positive.
        case invalidSize(Int)
        /// A segment name that `shm_open` cannot take.
        case invalidName(String, reason: String)
        /// Attaching (`create: false`) needs the name of the segment.
        case nameRequired
        /// `create: true` with the name of a segment that exists already.
        case alreadyExists(String)
        /// No segment has this name (never created, or unlinked).
        case notFound(String)
        /// The segment exists but is empty, so there is nothing to map yet.
        case emptySegment(String)
        /// The segment was used after `close()`.
        case closed(String)
        /// `unlink()` was called a second time on the same object.
        case alreadyUnlinked(String)
        /// Bytes outside the segment.
        case bytesOutOfBounds(offset: Int, count: Int, size: Int)

        public var description: String {
            switch self {
            case let .negativeCount(count):
                return "a shared array cannot have \(count) elements; the count must be 0 or more"
            case let .tooLarge(count, elementSize):
                return "\(count) elements of \(elementSize) bytes are more than memory can address"
            case let .indexOutOfRange(index, count):
                return "index \(index) is out of range: the shared array has \(count) elements (0..<\(count))"
            case let .rangeOutOfBounds(lower, upper, count):
                return "the range \(lower)..<\(upper) is outside the shared array's 0..<\(count)"
            case let .lengthMismatch(rangeCount, given):
                return """
                    a range of \(rangeCount) elements cannot take \(given) elements: a shared array's length \
                    never changes, so assign exactly as many as the range spans
                    """
            case let .invalidSize(size):
                return "a new shared memory segment needs a size of at least 1 byte, not \(size)"
            case let .invalidName(name, reason):
                return "\"\(name)\" cannot name a shared memory segment: \(reason)"
            case .nameRequired:
                return "attaching to a shared memory segment (create: false) needs its name"
            case let .alreadyExists(name):
                return """
                    a shared memory segment named "\(name)" exists already; attach to it with create: false, \
                    or choose another name (or none, for a fresh one)
                    """
            case let .notFound(name):
                return "no shared memory segment is named \"\(name)\" (it was never created, or was unlinked)"
            case let .emptySegment(name):
                return "the shared memory segment \"\(name)\" has size 0, so there is nothing to attach to yet"
            case let .closed(name):
                return "the shared memory segment \"\(name)\" was closed in this process; attach again to use it"
            case let .alreadyUnlinked(name):
                return "the shared memory segment \"\(name)\" was already unlinked"
            case let .bytesOutOfBounds(offset, count, size):
                return "\(count) bytes at offset \(offset) do not fit in a segment of \(size) bytes"
            }
        }
    }
}
