#if canImport(Glibc)
import Glibc
#endif
import Multiprocessing
import Synchronization
import XCTest

/// A named target that takes a queue, as an `MP.Process` target would.
enum ThreadsDoubler: MP.ProcessTarget {
    struct Order: Codable, Sendable {
        var tasks: MP.Threads.JoinableQueue<Int>
        var results: MP.Threads.Queue<Int>
    }

    static func run(_ order: Order) throws {
        while true {
            let n = try order.tasks.get()
            defer { try? order.tasks.taskDone() }
            if n < 0 { return }
            try order.results.put(n * 2)
        }
    }
}

enum ThreadsThrower: MP.ProcessTarget {
    struct Failure: Error {}
    static func run(_ argument: MP.NoArgument) throws { throw Failure() }
}

enum ThreadsAsyncTarget: MP.AsyncProcessTarget {
    static func run(_ event: MP.Threads.Event) async throws {
        try await Task.sleep(nanoseconds: 10_000_000)
        event.set()
    }
}

final class ThreadsQueueTests: XCTestCase {
    func testPutAndGetInOrderWithTimeouts() throws {
        let queue = try MP.Threads.Queue<String>()
        try queue.put("a")
        try queue.put("b")
        XCTAssertEqual(queue.count, 2)
        XCTAssertEqual(try queue.get(), "a")
        XCTAssertEqual(try queue.getNoWait(), "b")
        XCTAssertTrue(queue.isEmpty)
        XCTAssertThrowsError(try queue.getNoWait()) { XCTAssertTrue($0 is MP.QueueEmpty) }
        let started = Date()
        XCTAssertThrowsError(try queue.get(timeout: 0.1)) { XCTAssertTrue($0 is MP.QueueEmpty) }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.09)

        let bounded = try MP.Threads.Queue<Int>(maxSize: 2)
        try bounded.put(1)
        try bounded.put(2)
        XCTAssertTrue(bounded.isFull)
        XCTAssertThrowsError(try bounded.putNoWait(3)) { XCTAssertTrue($0 is MP.QueueFull) }
        XCTAssertThrowsError(try bounded.put(3, timeout: 0.05)) { XCTAssertTrue($0 is MP.QueueFull) }
        XCTAssertThrowsError(try MP.Threads.Queue<Int>(maxSize: -1))
    }

    func testManyThreadsPutAndGetEveryItemOnce() throws {
        let queue = try MP.Threads.Queue<Int>(maxSize: 16)
        let total = Atomic<Int>(0)
        let getters = (0..<3).map { _ in
            MP.Threads.Process {
                while true {
                    let n = try queue.get()
                    if n < 0 { return }
                    total.add(n, ordering: .relaxed)
                }
            }
        }
        let putters = (0..<3).map { part in
            MP.Threads.Process {
                for n in stride(from: part, to: 3000, by: 3) { try queue.put(n) }
            }
        }
        for p in getters + putters { try p.start() }
        for p in putters { try p.join() }
        for _ in getters { try queue.put(-1) }
        for p in getters { try p.join() }
        XCTAssertEqual(total.load(ordering: .relaxed), (0..<3000).reduce(0, +))
        XCTAssertEqual((getters + putters).map(\.exitCode), Array(repeating: 0, count: 6))
    }

    func testCloseWakesWaitersAndRefusesLaterUse() throws {
        let queue = try MP.Threads.Queue<Int>()
        let waiter = MP.Threads.Process { _ = try queue.get() }
        try waiter.start()
        usleep(50_000)
        queue.close()
        XCTAssertTrue(try waiter.join(timeout: 2))
        XCTAssertEqual(waiter.exitCode, 1, "get threw QueueError.closed")
        XCTAssertThrowsError(try queue.put(1)) { XCTAssertEqual($0 as? MP.QueueError, .closed) }
    }

    func testJoinableQueueWaitsForEveryTaskDone() throws {
        let tasks = try MP.Threads.JoinableQueue<Int>()
        let results = try MP.Threads.Queue<Int>()
        let workers = (0..<2).map { _ in
            MP.Threads.Process(target: ThreadsDoubler.self, argument: .init(tasks: tasks, results: results), daemon: true)
        }
        for w in workers { try w.start() }
        for n in 1...50 { try tasks.put(n) }
        XCTAssertTrue(tasks.join(timeout: 5))
        XCTAssertEqual(tasks.unfinishedTasks, 0)
        var doubled: [Int] = []
        while let n = try? results.getNoWait() { doubled.append(n) }
        XCTAssertEqual(doubled.sorted(), (1...50).map { $0 * 2 })
        for _ in workers { try tasks.put(-1) }
        for w in workers { try w.join() }
        XCTAssertThrowsError(try tasks.taskDone()) { XCTAssertEqual($0 as? MP.QueueError, .taskDoneTooManyTimes) }
    }

    func testAThreadQueueCannotBeEncoded() throws {
        let queue = try MP.Threads.Queue<Int>()
        XCTAssertThrowsError(try JSONEncoder().encode([queue])) { XCTAssertTrue($0 is EncodingError) }
        XCTAssertThrowsError(try JSONEncoder().encode([try MP.Threads.Event()])) { XCTAssertTrue($0 is EncodingError) }
    }
}

final class ThreadsProcessTests: XCTestCase {
    func testProcessLifecycle() throws {
        let before = threadCount()
        let ran = Atomic<Bool>(false)
        let p = MP.Threads.Process(name: "worker") {
            usleep(50_000)
            ran.store(true, ordering: .sequentiallyConsistent)
        }
        XCTAssertEqual(p.name, "worker")
        XCTAssertFalse(p.isAlive)
        XCTAssertNil(p.pid)
        XCTAssertThrowsError(try p.join()) { XCTAssertEqual($0 as? MP.ProcessError, .notStarted) }
        try p.start()
        XCTAssertTrue(p.isAlive)
        XCTAssertEqual(p.pid, getpid(), "a thread has the program's pid")
        XCTAssertThrowsError(try p.start()) { XCTAssertEqual($0 as? MP.ProcessError, .alreadyStarted) }
        XCTAssertThrowsError(try p.setDaemon(true)) { XCTAssertEqual($0 as? MP.ProcessError, .daemonAfterStart) }
        XCTAssertThrowsError(try p.close()) { XCTAssertEqual($0 as? MP.ProcessError, .stillRunning) }
        XCTAssertNil(p.exitCode)
        XCTAssertEqual(try p.join(timeout: 0.001), false)
        XCTAssertEqual(try p.join(timeout: 5), true)
        XCTAssertTrue(ran.load(ordering: .sequentiallyConsistent))
        XCTAssertFalse(p.isAlive)
        XCTAssertEqual(p.exitCode, 0)
        XCTAssertNotEqual(p.threadID, getpid(), "its own kernel thread id")
        XCTAssertEqual(threadCount(), before, "joined means gone")
        try p.close()
        XCTAssertThrowsError(try p.join()) { XCTAssertEqual($0 as? MP.ProcessError, .closed) }
    }

    func testTargetsAndExitCodes() throws {
        let thrower = MP.Threads.Process(target: ThreadsThrower.self)
        XCTAssertTrue(thrower.name.hasPrefix("Thread-"))
        try thrower.start()
        try thrower.join()
        XCTAssertEqual(thrower.exitCode, 1)

        let event = try MP.Threads.Event()
        let async = MP.Threads.Process(target: ThreadsAsyncTarget.self, argument: event)
        try async.start()
        XCTAssertTrue(event.wait(timeout: 5))
        try async.join()
        XCTAssertEqual(async.exitCode, 0)

        let names = Locked2<[String]>([])
        let named = MP.Threads.Process(name: "Named") { names.with { $0.append(MP.Threads.currentProcess.name) } }
        try named.start()
        try named.join()
        XCTAssertEqual(names.with { $0 }, ["Named"])
        XCTAssertEqual(MP.Threads.currentProcess.pid, getpid())
        XCTAssertTrue(MP.Threads.activeChildren().isEmpty)
    }

    func testEventWaitsAndTimesOut() throws {
        let event = try MP.Threads.Event()
        XCTAssertFalse(event.isSet)
        XCTAssertFalse(event.wait(timeout: 0.05))
        let setter = MP.Threads.Process {
            usleep(30_000)
            event.set()
        }
        try setter.start()
        XCTAssertTrue(event.wait(timeout: 5))
        try setter.join()
        event.clear()
        XCTAssertFalse(event.isSet)
    }
}

/// A value behind a lock, for the tests.
final class Locked2<Value>: @unchecked Sendable {
    private let lock = NSLockish()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) -> R) -> R { lock.with { body(&value) } }
}

/// The twin's locks and shared values are the process versions, and serve
/// threads: no update is lost, and a semaphore admits its count at once.
final class ThreadsLockTests: XCTestCase {
    func testTwoThreadsAddUnderTheTwinsLockWithoutLosingAnUpdate() throws {
        let counter = try MP.Threads.Value<Int64>(0)
        let threads = (0..<2).map { _ in
            MP.Threads.Process {
                for _ in 0..<10_000 { try counter.withLock { $0 += 1 } }
            }
        }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
        XCTAssertEqual(threads.map(\.exitCode), [0, 0])
        XCTAssertEqual(try counter.withLock { $0 }, 20_000)
    }

    func testASemaphoreAndALockWorkBetweenThreads() throws {
        let gate = try MP.Threads.Semaphore(value: 2)
        XCTAssertTrue(gate.acquire(timeout: 0))
        XCTAssertTrue(gate.acquire(timeout: 0))
        XCTAssertFalse(gate.acquire(timeout: 0.05), "only two at once")
        let lock = try MP.Threads.Lock()
        try lock.acquire()
        let other = MP.Threads.Process {
            if try lock.acquire(timeout: 0.05) { try lock.release() } else { throw LockWasHeld() }
        }
        try other.start()
        try other.join()
        XCTAssertEqual(other.exitCode, 1, "the other thread could not take a held lock")
        try lock.release()
    }
}

private struct LockWasHeld: Error {}
