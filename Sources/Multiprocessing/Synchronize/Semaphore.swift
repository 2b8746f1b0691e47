import CMultiprocessing

extension MP {
    /// A counter shared by processes: `acquire` takes one (waiting while it
    /// is zero), `release` gives one back. Python's `multiprocessing.Semaphore`.
    public class Semaphore: SharedObject, @unchecked Sendable {
        let region: SharedRegion
        var word: UnsafeMutablePointer<mp_shared_semaphore> { region.pointer(as: mp_shared_semaphore.self) }
        /// The most `release` may raise the value to; 0 for no bound.
        let bound: UInt32

        /// Creates a semaphore holding `value` (Python's default is 1).
        public convenience init(value: Int = 1) throws {
            try self.init(value: value, bound: 0)
        }

        init(value: Int, bound: UInt32) throws {
            guard value >= 0 && value <= Int(Int32.max) else { throw SynchronizeError.invalidValue(value) }
            region = try SharedRegion(size: MemoryLayout<mp_shared_semaphore>.size + 4, name: "mp-semaphore")
            self.bound = bound
            word.pointee.value = UInt32(value)
            region.pointer(at: MemoryLayout<mp_shared_semaphore>.size, as: UInt32.self).pointee = bound
        }

        required init(region: SharedRegion) throws {
            self.region = region
            bound = region.pointer(at: MemoryLayout<mp_shared_semaphore>.size, as: UInt32.self).pointee
        }

        /// Takes one; returns false when `block` is false or `timeout` passes first.
        @discardableResult
        public func acquire(block: Bool = true, timeout: Double? = nil) -> Bool {
            mp_shared_semaphore_acquire(word, cTimeout(block: block, timeout: timeout)) == Int32(MP_SYNC_OK)
        }

        /// Gives one back (a `BoundedSemaphore` refuses to go above its start value).
        public func release() throws {
            if mp_shared_semaphore_release(word, bound) == Int32(MP_SYNC_OVERFLOW) {
                throw SynchronizeError.releasedTooManyTimes(bound: Int(bound))
            }
        }

        /// The current count (it may change at once).
        public var value: Int { Int(mp_shared_semaphore_value(word)) }

        /// Runs `body` holding one unit, and always gives it back.
        public func withAcquired<Result>(_ body: () throws -> Result) throws -> Result {
            acquire()
            defer { try? release() }
            return try body()
        }

        /// Hands the semaphore to a child process.
        public func encode(to encoder: any Encoder) throws { try encodeRegion(to: encoder) }

        /// Receives the semaphore in a child process.
        public required convenience init(from decoder: any Decoder) throws {
            try self.init(region: Self.decodeRegion(from: decoder))
        }
    }

    /// A semaphore that may never be released above its starting value:
    /// one `release` too many throws `SynchronizeError.releasedTooManyTimes`.
    public final class BoundedSemaphore: Semaphore, @unchecked Sendable {
        /// Creates a bounded semaphore starting (and capped) at `value`.
        public convenience init(value: Int = 1) throws {
            try self.init(value: value, bound: UInt32(clamping: max(value, 0)))
        }
    }
}
