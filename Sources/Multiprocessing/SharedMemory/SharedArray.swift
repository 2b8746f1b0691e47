extension MP {
    /// A fixed number of elements of a trivial type in memory shared by
    /// processes: Python's `multiprocessing.Array`.
    ///
    /// ```swift
    /// let squares = try MP.Array<Int32>(zeroFilledCount: 10)
    /// squares[3] = 9                        // takes the lock, writes, releases
    /// let firstFive = squares[0..<5]        // a Swift array, read under the lock
    /// try squares.withLock { buffer in      // a read-modify-write, never interrupted
    ///     for i in buffer.indices { buffer[i] = -buffer[i] }
    /// }
    /// ```
    ///
    /// Each subscript access takes the lock on its own, as in Python, so
    /// `a[0] += 1` is a read and then a write that another process may slip
    /// between; use `withLock` when that matters.
    ///
    /// **Out-of-range access.** A subscript setter cannot throw, so the
    /// subscripts check every index and range and stop the program with a
    /// message saying which index was wrong, exactly as `Swift.Array` does.
    /// They never write outside the array. Where a wrong index is to be
    /// expected (it comes from input, say), use the throwing forms instead:
    /// `element(at:)`, `setElement(_:at:)`, `elements(in:)` and
    /// `setElements(_:in:)`, which throw `SharedMemoryError`.
    ///
    /// It crosses into child processes under every start method (as part of
    /// a target's argument), and the child sees the same memory.
    public final class Array<Element: BitwiseCopyable>: @unchecked Sendable, Codable {
        @usableFromInline let storage: SharedStorage<Element>

        /// Creates a shared array of `count` copies of `value`.
        public init(repeating value: Element, count: Int, lock: LockChoice = .own) throws {
            storage = try Array.makeStorage(count: count, lock: lock)
            storage.elements.initialize(repeating: value, count: count)
        }

        /// Creates a shared array holding a copy of `elements`.
        public init(_ elements: [Element], lock: LockChoice = .own) throws {
            storage = try Array.makeStorage(count: elements.count, lock: lock)
            elements.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                storage.elements.initialize(from: base, count: source.count)
            }
        }

        /// Creates a shared array of `count` elements whose bytes are all
        /// zero (Python's `multiprocessing.Array("i", 10)`). Use it for types
        /// in which all-zero bytes make a valid value: numbers, `Bool`, and
        /// tuples or structs of them (not, say, a non-optional pointer).
        public init(zeroFilledCount count: Int, lock: LockChoice = .own) throws {
            // New shared memory is zero-filled already.
            storage = try Array.makeStorage(count: count, lock: lock)
        }

        private static func makeStorage(count: Int, lock: LockChoice) throws -> SharedStorage<Element> {
            guard count >= 0 else { throw SharedMemoryError.negativeCount(count) }
            let stride = MemoryLayout<Element>.stride
            let (bytes, overflow) = Swift.max(1, count).multipliedReportingOverflow(by: stride)
            guard !overflow, bytes <= Int.max - SharedStorage<Element>.elementsOffset else {
                throw SharedMemoryError.tooLarge(count: count, elementSize: stride)
            }
            return try SharedStorage(count: count, lock: lock)
        }

        /// The number of elements; it never changes.
        public var count: Int { storage.count }

        /// The lock guarding the elements (Python's `get_lock()`), nil for `.none`.
        public var lock: (any SharedLock)? { storage.lock }

        /// The element at `index`, read or written under the lock. An index
        /// outside `0..<count` stops the program (see the type's notes);
        /// `element(at:)` and `setElement(_:at:)` throw instead.
        @inlinable
        public subscript(index: Int) -> Element {
            get {
                checkForSubscript(index)
                return storage.locked { $0[index] }
            }
            set {
                checkForSubscript(index)
                storage.locked { $0[index] = newValue }
            }
        }

        /// The elements in `range` as a Swift array, read under the lock in
        /// one go; assigning replaces exactly as many elements as the range
        /// spans. A range outside the array, or an assignment of another
        /// length, stops the program (see the type's notes); `elements(in:)`
        /// and `setElements(_:in:)` throw instead.
        public subscript<Bounds: RangeExpression<Int>>(range: Bounds) -> [Element] {
            get {
                let bounds = range.relative(to: 0..<count)
                return unwrapForSubscript(Result { try elements(in: bounds) })
            }
            set {
                let bounds = range.relative(to: 0..<count)
                unwrapForSubscript(Result { try setElements(newValue, in: bounds) })
            }
        }

        /// The element at `index`; throws `SharedMemoryError.indexOutOfRange`
        /// for an index outside `0..<count`.
        public func element(at index: Int) throws -> Element {
            try check(index)
            return storage.locked { $0[index] }
        }

        /// Writes the element at `index`; throws `SharedMemoryError.indexOutOfRange`
        /// for an index outside `0..<count`.
        public func setElement(_ value: Element, at index: Int) throws {
            try check(index)
            storage.locked { $0[index] = value }
        }

        /// The elements in `range`, read under the lock in one go.
        public func elements(in range: Range<Int>) throws -> [Element] {
            try check(range)
            return storage.locked { Swift.Array(UnsafeBufferPointer(start: $0 + range.lowerBound, count: range.count)) }
        }

        /// Replaces the elements in `range` with `values`, under the lock in
        /// one go; `values` must have exactly `range.count` elements.
        public func setElements(_ values: [Element], in range: Range<Int>) throws {
            try check(range)
            guard values.count == range.count else {
                throw SharedMemoryError.lengthMismatch(rangeCount: range.count, given: values.count)
            }
            values.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress else { return }
                storage.locked { ($0 + range.lowerBound).update(from: base, count: source.count) }
            }
        }

        /// All the elements as a Swift array, read under the lock in one go
        /// (Python's `a[:]`).
        public func toArray() -> [Element] {
            storage.locked { Swift.Array(UnsafeBufferPointer(start: $0, count: count)) }
        }

        /// Runs `body` on all the elements while holding the lock (directly
        /// when there is no lock), so a read-modify-write is never
        /// interrupted. The buffer must not be used after `body` returns.
        @inlinable
        public func withLock<Result>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> Result) throws -> Result {
            let count = storage.count
            return try storage.withLock { try body(UnsafeMutableBufferPointer(start: $0, count: count)) }
        }

        private func check(_ index: Int) throws {
            guard index >= 0 && index < count else { throw SharedMemoryError.indexOutOfRange(index: index, count: count) }
        }

        private func check(_ range: Range<Int>) throws {
            guard range.lowerBound >= 0 && range.upperBound <= count else {
                throw SharedMemoryError.rangeOutOfBounds(lower: range.lowerBound, upper: range.upperBound, count: count)
            }
        }

        @inlinable
        func checkForSubscript(_ index: Int) {
            if index < 0 || index >= storage.count {
                stopForSubscript(SharedMemoryError.indexOutOfRange(index: index, count: storage.count))
            }
        }

        private func unwrapForSubscript<Value>(_ result: Swift.Result<Value, any Error>) -> Value {
            switch result {
            case let .success(value): return value
            case let .failure(error): stopForSubscript(error)
            }
        }

        /// Hands the array to a child process.
        public func encode(to encoder: any Encoder) throws { try storage.encode(to: encoder) }

        /// Receives the array in a child process.
        public init(from decoder: any Decoder) throws {
            storage = try SharedStorage(from: decoder)
        }
    }
}

/// Stops the program for a subscript given a wrong index or range: a
/// subscript cannot throw, and going on would read or write outside the
/// array. `Swift.Array` does the same; the message says what was wrong and
/// where the throwing alternative is.
@usableFromInline
func stopForSubscript(_ error: any Error) -> Never {
    preconditionFailure("MP.Array: \(error) (element(at:), elements(in:) and their setters throw instead)")
}

extension MP.Array: Sequence {
    /// Reads the elements one by one, each under the lock, as iterating a
    /// Python shared array does. For a consistent snapshot use `toArray()`.
    public struct Iterator: IteratorProtocol {
        private let array: MP.Array<Element>
        private var position = 0

        init(_ array: MP.Array<Element>) {
            self.array = array
        }

        /// The next element, or nil after the last.
        public mutating func next() -> Element? {
            guard position < array.count else { return nil }
            defer { position += 1 }
            return array[position]
        }
    }

    /// An iterator over the elements.
    public func makeIterator() -> Iterator { Iterator(self) }

    /// The number of elements.
    public var underestimatedCount: Int { count }
}

extension MP.Array: CustomStringConvertible {
    /// The elements, written like a Swift array's.
    public var description: String { toArray().description }
}
