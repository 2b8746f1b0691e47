import Glibc
import Multiprocessing

// Named targets of the shared-memory scenarios (top-level, so that spawned
// and forkserver children find them by name).

/// The names of the segments the scenarios create start with this, so the
/// tests can check that none is left behind.
let segmentPrefix: String = getenv("MP_TEST_SEGMENT_PREFIX").map { String(cString: $0) } ?? "mp-test-\(getpid())-"

func segmentExists(_ name: String) -> Bool {
    access("/dev/shm/" + name, F_OK) == 0
}

struct NegateOrder: Codable {
    var number: MP.Value<Double>
    var array: MP.Array<Int32>
}

/// The course's example: set a shared number and negate a shared array.
enum Negater: MP.ProcessTarget {
    static func run(_ order: NegateOrder) throws {
        order.number.value = 3.1415927
        for i in 0..<order.array.count {
            order.array[i] = -order.array[i]
        }
    }
}

/// Writes one element past the end of the array it was given.
enum OutOfRangeWriter: MP.ProcessTarget {
    static func run(_ array: MP.Array<Int32>) throws {
        array[array.count] = 1
    }
}

struct BarrierOrder: Codable {
    var barrier: MP.Barrier
    var actionRuns: MP.Value<Int32>
    /// For each cycle and party: the index `wait` returned, then the action
    /// runs seen on release.
    var results: MP.Array<Int32>
    var party: Int
    var cycles: Int
}

/// Meets the other parties at the barrier `cycles` times.
enum BarrierParty: MP.ProcessTarget {
    static func run(_ order: BarrierOrder) throws {
        CycleCounter.runs = order.actionRuns
        let parties = order.barrier.parties
        for cycle in 0..<order.cycles {
            let index = try order.barrier.wait(timeout: 30)
            let slot = (cycle * parties + order.party) * 2
            order.results[slot] = Int32(index)
            order.results[slot + 1] = order.actionRuns.value
        }
    }
}

/// The barrier's action: counts the cycles in a shared value that each
/// party process sets before it waits (an action takes no argument).
enum CycleCounter: MP.BarrierAction {
    nonisolated(unsafe) static var runs: MP.Value<Int32>?

    static func run() throws {
        guard let runs else { throw HelperFailure(message: "the action ran in a process that was given no counter") }
        try runs.withLock { $0 += 1 }
    }
}

/// A bounded buffer in shared memory, guarded by two conditions that share
/// one lock.
struct BufferOrder: Codable {
    var notEmpty: MP.Condition
    var notFull: MP.Condition
    var slots: MP.Array<Int64>
    /// head, count, sum consumed.
    var state: MP.Array<Int64>
    var items: Int
}

/// Puts 1...items into the buffer, waiting while it is full.
enum Producer: MP.ProcessTarget {
    static func run(_ order: BufferOrder) throws {
        let capacity = Int64(order.slots.count)
        for item in 1...order.items {
            try order.notFull.withLock {
                guard try order.notFull.wait(for: { order.state[1] < capacity }, timeout: 30) else {
                    throw HelperFailure(message: "the buffer stayed full")
                }
                let tail = (order.state[0] + order.state[1]) % capacity
                order.slots[Int(tail)] = Int64(item)
                order.state[1] += 1
                try order.notEmpty.notify()
            }
        }
    }
}

/// Takes `items` items out of the buffer, waiting while it is empty, and
/// adds them up.
enum Consumer: MP.ProcessTarget {
    static func run(_ order: BufferOrder) throws {
        let capacity = Int64(order.slots.count)
        for _ in 0..<order.items {
            try order.notEmpty.withLock {
                guard try order.notEmpty.wait(for: { order.state[1] > 0 }, timeout: 30) else {
                    throw HelperFailure(message: "the buffer stayed empty")
                }
                let head = order.state[0]
                order.state[2] += order.slots[Int(head)]
                order.state[0] = (head + 1) % capacity
                order.state[1] -= 1
                try order.notFull.notify()
            }
        }
    }
}

/// Writes a greeting into a segment it attached to by name, and whether it
/// counts as the segment's creator, into the last byte.
enum SegmentWriter: MP.ProcessTarget {
    static func run(_ block: MP.SharedMemory) throws {
        try block.writeBytes(Swift.Array("hello from \(MP.currentProcess.name)\0".utf8))
        let size = block.size
        try block.writeBytes([block.isCreator ? 1 : 0], at: size - 1)
        block.close()
    }
}

struct AttachOrder: Codable {
    var block: MP.SharedMemory
    var attached: MP.Event
}

/// Attaches, says so, and sleeps until it is killed.
enum SegmentSleeper: MP.ProcessTarget {
    static func run(_ order: AttachOrder) throws {
        try order.block.writeBytes([1])
        order.attached.set()
        sleep(60)
    }
}

struct OwnSegmentOrder: Codable {
    var inherited: MP.SharedMemory
    var ownName: String
}

/// Touches its parent's segment and creates one of its own, then returns
/// without unlinking either.
enum SegmentCreatorChild: MP.ProcessTarget {
    static func run(_ order: OwnSegmentOrder) throws {
        try order.inherited.writeBytes([7])
        let own = try MP.SharedMemory(name: order.ownName, create: true, size: 16)
        try own.writeBytes([1])
    }
}
