#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing
import Synchronization

extension MP {
    /// A first-in, first-out queue that many processes put to and get from:
    /// Python's `multiprocessing.Queue`, typed.
    ///
    /// ```swift
    /// let tasks = try MP.Queue<Int>()
    /// try tasks.put(21)                  // in one process
    /// let n = try tasks.get()           // in another
    /// ```
    ///
    /// Messages live in a ring of shared memory. `put` copies the message
    /// there before it returns, so nothing waits in a hidden buffer of the
    /// process that put it: a child that has put its results can always be
    /// joined, even before anyone reads them (CPython's Queue deadlocks there,
    /// because its feeder thread still holds the data). The price is
    /// back-pressure: when the ring is full, `put` waits for room (or throws
    /// `QueueFull` on timeout), and a message longer than the whole ring
    /// streams through it while a reader takes it.
    ///
    /// Every process's puts arrive in the order it made them; nothing is
    /// lost or duplicated. `count`, `isEmpty` and `isFull` are approximate:
    /// other processes may change the queue at any moment.
    public class Queue<Element: Codable>: @unchecked Sendable, Codable {
        /// The default ring size: 32 MiB of address space, of which only the
        /// pages messages actually use take memory.
        public static var defaultCapacity: Int { 32 << 20 }

        let region: SharedRegion
        let ring: UnsafeMutablePointer<mp_ring>
        // An atomic flag, not a mutex: it is read on every put and get.
        // (Synchronization's Atomic is safe in forked children; only its
        // Mutex caches thread ids.)
        private let closed = Atomic<Bool>(false)
        /// Where `get` reads a message before decoding it; only used while
        /// holding the queue's consumer lock, which also excludes this
        /// process's other threads.
        private var receiveBuffer = [UInt8](repeating: 0, count: 256)
        /// `BriefSpin.budget`, copied: a lazy global costs a check on every access.
        private let spin = BriefSpin.budget

        /// The most items the queue holds at once (0: no limit but its capacity).
        public let maxSize: Int

        /// Creates a queue.
        /// - Parameters:
        ///   - maxSize: the most items at once, as in Python (0, the default: no limit).
        ///   - capacity: bytes of shared memory for messages in flight.
        public init(maxSize: Int = 0, capacity: Int = Queue.defaultCapacity) throws {
            guard maxSize >= 0 && maxSize <= Int(Int32.max) else {
                throw QueueError.invalidSize("maxSize must be between 0 and \(Int32.max), not \(maxSize)")
            }
            guard capacity >= 64 else {
                throw QueueError.invalidSize("a queue's capacity must be at least 64 bytes, not \(capacity)")
            }
            region = try SharedRegion(size: Int(MP_RING_DATA_OFFSET) + capacity, name: "mp-queue")
            ring = region.pointer(as: mp_ring.self)
            mp_ring_initialize(ring, UInt64(capacity), UInt32(maxSize))
            self.maxSize = maxSize
        }

        /// Puts `item` at the end of the queue. Waits for room unless `block`
        /// is false; throws `QueueFull` when there is none in time.
        public func put(_ item: Element, block: Bool = true, timeout: Double? = nil) throws {
            try checkOpen()
            let payload = try WireCoding.binary.encode(item)
            guard payload.count <= Int(UInt32.max) else { throw QueueError.messageTooLong(payload.count) }
            let result = payload.withUnsafeBytes { bytes in
                mp_ring_put(ring, bytes.baseAddress, UInt32(bytes.count), cTimeout(block: block, timeout: timeout),
                            spin)
            }
            switch Int(result) {
            case MP_RING_OK: return
            case MP_RING_FULL: throw QueueFull()
            default: throw QueueError.broken
            }
        }

        /// Takes the item at the front of the queue. Waits for one unless
        /// `block` is false; throws `QueueEmpty` when none arrives in time.
        public func get(block: Bool = true, timeout: Double? = nil) throws -> Element {
            try checkOpen()
            var length: UInt32 = 0
            switch Int(mp_ring_get_start(ring, &length, cTimeout(block: block, timeout: timeout), spin)) {
            case MP_RING_OK: break
            case MP_RING_EMPTY: throw QueueEmpty()
            default: throw QueueError.broken
            }
            defer { mp_ring_get_finish(ring) }
            if receiveBuffer.count < Int(length) { receiveBuffer = [UInt8](repeating: 0, count: Int(length)) }
            return try receiveBuffer.withUnsafeMutableBytes { buffer in
                guard mp_ring_get_payload(ring, buffer.baseAddress, length, spin) == Int32(MP_RING_OK) else {
                    throw QueueError.broken
                }
                return try WireCoding.binary.decode(
                    Element.self, from: UnsafeRawBufferPointer(rebasing: buffer[0..<Int(length)]))
            }
        }

        /// `put(item, block: false)`.
        public func putNoWait(_ item: Element) throws { try put(item, block: false) }

        /// `get(block: false)`.
        public func getNoWait() throws -> Element { try get(block: false) }

        /// About how many items are in the queue.
        public var count: Int { Int(mp_ring_count(ring)) }

        /// Whether the queue is (about) empty.
        public var isEmpty: Bool { count == 0 }

        /// Whether the queue is (about) full: `maxSize` items are in it.
        public var isFull: Bool { maxSize > 0 && count >= maxSize }

        /// Says this process will use the queue no more: every later `put`
        /// or `get` on this object throws `QueueError.closed`. Items already
        /// put stay in the queue for other processes.
        public func close() {
            closed.store(true, ordering: .relaxed)
        }

        private func checkOpen() throws {
            if closed.load(ordering: .relaxed) { throw QueueError.closed }
        }

        private enum CodingKeys: String, CodingKey {
            case region, maxSize
        }

        /// Hands the queue to a child process.
        public func encode(to encoder: any Encoder) throws {
            try checkOpen()
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(SharedRegionHandle(region, for: encoder), forKey: .region)
            try container.encode(maxSize, forKey: .maxSize)
        }

        /// Receives the queue in a child process.
        public required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            region = try container.decode(SharedRegionHandle.self, forKey: .region).attach(for: decoder)
            ring = region.pointer(as: mp_ring.self)
            maxSize = try container.decode(Int.self, forKey: .maxSize)
        }
    }
}
