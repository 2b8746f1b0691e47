import Dispatch
import Glibc
import Multiprocessing

// Named targets used by the scenarios. They are top-level types so that a
// spawned or forkserver child can find them by name.

struct HelperFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

enum Sleeper: MP.ProcessTarget {
    static func run(_ seconds: Double) throws {
        usleep(UInt32(seconds * 1_000_000))
    }
}

enum Exiter: MP.ProcessTarget {
    static func run(_ code: Int32) throws {
        exit(code)
    }
}

enum Thrower: MP.ProcessTarget {
    static func run(_ message: String) throws {
        throw HelperFailure(message: message)
    }
}

enum Nothing: MP.ProcessTarget {
    static func run(_: MP.NoArgument) throws {}
}

/// What a child says about itself.
struct Report: Codable, Equatable {
    var name: String
    var pid: Int32
    var realParentPid: Int32
    var parentPid: Int32?
    var parentName: String?
    var identity: [Int]
    var daemon: Bool
    var method: String?

    static func here() -> Report {
        let me = MP.currentProcess
        return Report(
            name: me.name, pid: me.pid, realParentPid: getppid(), parentPid: MP.parentProcess?.pid,
            parentName: MP.parentProcess?.name, identity: me.identity, daemon: me.daemon,
            method: me.startMethod?.rawValue)
    }
}

enum Reporter: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        try connection.send(Report.here())
    }
}

/// Starts a child of its own with the same start method and passes on both reports.
enum NestedReporter: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        let (mine, theirs) = try MP.Pipe()
        let child = MP.Process(target: Reporter.self, argument: theirs)
        try child.start()
        theirs.close()
        let inner = try mine.recv(Report.self)
        try child.join()
        try connection.send([Report.here(), inner])
    }
}

/// Sends back every message it receives, unchanged, until the end of file.
enum Echo: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        while true {
            let message: [UInt8]
            do { message = try connection.recvBytes() } catch is MP.EOFError { return }
            try connection.sendBytes(message)
        }
    }
}

/// Uses Dispatch and Swift concurrency, which only work in a child that
/// did not inherit a threaded parent's state.
enum ConcurrencyUser: MP.AsyncProcessTarget {
    static func run(_ connection: MP.Connection) async throws {
        let squares = await withTaskGroup(of: Int.self) { group in
            for i in 1...10 { group.addTask { i * i } }
            var sum = 0
            for await value in group { sum += value }
            return sum
        }
        let counter = DispatchQueue(label: "counter")
        nonisolated(unsafe) var dispatched = 0
        DispatchQueue.concurrentPerform(iterations: 100) { _ in counter.sync { dispatched += 1 } }
        try await Task.sleep(for: .milliseconds(10))
        try connection.send([squares, counter.sync { dispatched }])
    }
}

/// Lists the descriptors open in the child.
enum DescriptorReporter: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        try connection.send(openDescriptors())
    }
}

/// Prints its pid, then sleeps for a long time (until killed).
enum LongSleeper: MP.ProcessTarget {
    static func run(_ label: String) throws {
        print("\(label)=\(getpid())")
        fflush(nil)
        sleep(120)
    }
}

/// Starts a long sleeper of its own, prints both pids, then sleeps.
enum SleeperParent: MP.ProcessTarget {
    static func run(_: MP.NoArgument) throws {
        let child = MP.Process(target: LongSleeper.self, argument: "grandchild")
        try child.start()
        print("child=\(getpid())")
        fflush(nil)
        sleep(120)
    }
}

func openDescriptors() -> [Int32] {
    guard let directory = opendir("/proc/self/fd") else { return [] }
    defer { closedir(directory) }
    let own = dirfd(directory)
    var result: [Int32] = []
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if let number = Int32(name), number != own { result.append(number) }
    }
    return result.sorted()
}

/// Tells whether it can see its parent alive.
enum ParentChecker: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        try connection.send(MP.parentProcess?.isAlive ?? false)
    }
}

struct RaceOrder: Codable {
    var counter: MP.Value<Int64>
    var start: MP.Event
    var increments: Int
    var useLock: Bool
}

/// Waits for the start signal, then increments the counter, with or
/// without its lock: the lost-update race and its fix.
enum Incrementer: MP.ProcessTarget {
    static func run(_ order: RaceOrder) throws {
        order.start.wait()
        for _ in 0..<order.increments {
            if order.useLock {
                try order.counter.withLock { $0 += 1 }
            } else {
                order.counter.value += 1
            }
        }
    }
}

struct LockOrder: Codable {
    var lock: MP.Lock
    var rlock: MP.RLock
    var connection: MP.Connection
}

/// Releases a lock its parent holds (allowed) and tries the same with an
/// RLock (refused), reporting both.
enum ForeignReleaser: MP.ProcessTarget {
    static func run(_ order: LockOrder) throws {
        let lockResult = describeError { try order.lock.release() }
        let rlockResult = describeError { try order.rlock.release() }
        try order.connection.send([lockResult, rlockResult])
    }
}

/// Takes the lock and ends without releasing it.
enum LockHoarder: MP.ProcessTarget {
    static func run(_ lock: MP.Lock) throws {
        try lock.acquire()
    }
}

struct EventOrder: Codable {
    var event: MP.Event
    var connection: MP.Connection
    var lock: MP.Lock? = nil
}

/// Reports whether the event was set within 10 seconds.
enum EventWaiter: MP.ProcessTarget {
    static func run(_ order: EventOrder) throws {
        try order.connection.send("waiting")
        try order.connection.send(order.event.wait(timeout: 10))
    }
}

struct SemaphoreOrder: Codable {
    var semaphore: MP.Semaphore
    var inside: MP.Value<Int32>
    var most: MP.Value<Int32>
}

/// Enters a semaphore-guarded section and records how many are inside.
enum SemaphoreUser: MP.ProcessTarget {
    static func run(_ order: SemaphoreOrder) throws {
        for _ in 0..<20 {
            order.semaphore.acquire()
            let now = try order.inside.withLock { value -> Int32 in
                value += 1
                return value
            }
            try order.most.withLock { $0 = max($0, now) }
            usleep(500)
            try order.inside.withLock { $0 -= 1 }
            try order.semaphore.release()
        }
    }
}

func describeError(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "ok"
    } catch {
        return "\(type(of: error))"
    }
}

/// Takes the lock, says so, and sleeps holding it until killed.
enum SleepingHoarder: MP.ProcessTarget {
    static func run(_ order: EventOrder) throws {
        _ = try? order.lock?.acquire()
        order.event.set()
        sleep(120)
    }
}
