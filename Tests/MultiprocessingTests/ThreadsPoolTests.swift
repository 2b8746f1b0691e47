#if canImport(Glibc)
import Glibc
#endif
import Multiprocessing
import Synchronization
import XCTest

/// The same task types the process pool takes.
enum ThreadsSquare: MP.PoolTask {
    static func run(_ x: Int) throws -> Int { x * x }
}

enum ThreadsCube: MP.PoolTask {
    static func run(_ x: Int) throws -> Int { x * x * x }
}

struct ThreadsRefusal: Error, Equatable {
    let input: Int
}

/// Throws for multiples of 3 (after a pause for 3, so that 6 fails first in time).
enum ThreadsPicky: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        if x == 3 { usleep(50_000) }
        if x % 3 == 0 && x > 0 { throw ThreadsRefusal(input: x) }
        return x
    }
}

enum ThreadsNap: MP.PoolTask {
    static func run(_ milliseconds: Int) throws -> Int {
        usleep(UInt32(milliseconds * 1000))
        return milliseconds
    }
}

/// Nested and generic: no worker has to find it by name.
enum Outer {
    struct Tagged<Tag>: MP.PoolTask {
        static func run(_ text: String) throws -> String { "\(Tag.self):\(text)" }
    }
}

enum ThreadsAdd: MP.PoolPairTask {
    static func run(_ a: Int, _ b: Int) throws -> Int { a + b }
}

/// A reference type handed to a task is shared, not copied.
final class ThreadsCounter: @unchecked Sendable, Codable {
    private let lock = NSLockish()
    private var value = 0
    func add() { lock.with { value += 1 } }
    var total: Int { lock.with { value } }
    init() {}
    enum CodingKeys: CodingKey {}
}

final class NSLockish: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func with<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

enum ThreadsCount: MP.PoolTask {
    static func run(_ counter: ThreadsCounter) throws -> Int {
        counter.add()
        return 1
    }
}

final class ThreadsFailingInitializer: MP.PoolInitializer {
    struct Refused: Error {}
    static func initialize() throws { throw Refused() }
}

/// How many threads this process has (`/proc/self/task`) whose kernel name
/// starts with one of `prefixes` (all of them without prefixes). The tests
/// count the twin's threads by name (`PoolThread-N`, `Thread-N`, or the name
/// given), so that threads of Swift's concurrency runtime, which come and go
/// on their own, do not blur the count.
func threadCount(named prefixes: [String] = ["PoolThread-", "Thread-", "worker"]) -> Int {
    guard let directory = opendir("/proc/self/task") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name == "." || name == ".." { continue }
        guard !prefixes.isEmpty else {
            count += 1
            continue
        }
        let comm = (try? String(contentsOfFile: "/proc/self/task/\(name)/comm", encoding: .utf8)) ?? ""
        if prefixes.contains(where: { comm.hasPrefix($0) }) { count += 1 }
    }
    return count
}

final class ThreadsPoolTests: XCTestCase {
    func testMapGivesResultsInInputOrder() throws {
        try MP.Threads.withPool(processes: 4) { pool in
            XCTAssertEqual(pool.processes, 4)
            XCTAssertEqual(try pool.map(ThreadsSquare.self, Array(0..<6)), [0, 1, 4, 9, 16, 25])
            let inputs = Array(0..<10_000)
            let expected = inputs.map { $0 * $0 }
            XCTAssertEqual(try pool.map(ThreadsSquare.self, inputs), expected)
            XCTAssertEqual(try pool.map(ThreadsSquare.self, inputs, chunkSize: 1), expected)
            XCTAssertEqual(try pool.map(ThreadsSquare.self, inputs, chunkSize: 7), expected)
            XCTAssertEqual(try pool.map(ThreadsSquare.self, []), [])
            XCTAssertEqual(try pool.starmap(ThreadsAdd.self, [(1, 2), (3, 4)]), [3, 7])
            XCTAssertEqual(try pool.map(Outer.Tagged<Int>.self, ["a", "b"]), ["Int:a", "Int:b"])
            XCTAssertEqual(try (1...100).map { try pool.apply(ThreadsCube.self, $0) }, (1...100).map { $0 * $0 * $0 })
        }
    }

    func testImapKeepsOrderAndImapUnorderedGivesTheSameSet() throws {
        try MP.Threads.withPool(processes: 3) { pool in
            let inputs = Array(0..<2000)
            var ordered: [Int] = []
            for result in try pool.imap(ThreadsSquare.self, inputs) { ordered.append(try result.get()) }
            XCTAssertEqual(ordered, inputs.map { $0 * $0 })
            var chunked: [Int] = []
            let iterator = try pool.imap(ThreadsSquare.self, inputs, chunkSize: 5)
            while let value = try iterator.next(timeout: 10) { chunked.append(value) }
            XCTAssertEqual(chunked, ordered)
            var unordered: [Int] = []
            for result in try pool.imapUnordered(ThreadsSquare.self, inputs) { unordered.append(try result.get()) }
            XCTAssertEqual(unordered.count, inputs.count)
            XCTAssertEqual(unordered.sorted(), ordered)
            // Slow first task: the unordered iterator yields the fast ones first.
            let first = try pool.imapUnordered(ThreadsNap.self, [200, 1, 1]).next(timeout: 5)
            XCTAssertEqual(first, 1)
        }
    }

    func testApplyAsyncAndItsCallbackRunExactlyOnce() throws {
        try MP.Threads.withPool(processes: 2) { pool in
            XCTAssertEqual(try pool.applyAsync(ThreadsSquare.self, 6).get(timeout: 1), 36)
            let calls = Atomic<Int>(0)
            let value = Atomic<Int>(0)
            let errors = Atomic<Int>(0)
            let result = try pool.applyAsync(ThreadsSquare.self, 4, callback: { output in
                calls.add(1, ordering: .sequentiallyConsistent)
                value.store(output, ordering: .sequentiallyConsistent)
            }, errorCallback: { _ in errors.add(1, ordering: .sequentiallyConsistent) })
            XCTAssertEqual(try result.get(timeout: 5), 16)
            XCTAssertEqual(result.isSuccessful, true)
            // The callback may still be running on the pool's thread just after get returns.
            let deadline = Date().addingTimeInterval(5)
            while calls.load(ordering: .sequentiallyConsistent) == 0 && Date() < deadline { usleep(1000) }
            usleep(20_000)
            XCTAssertEqual(calls.load(ordering: .sequentiallyConsistent), 1)
            XCTAssertEqual(value.load(ordering: .sequentiallyConsistent), 16)
            XCTAssertEqual(errors.load(ordering: .sequentiallyConsistent), 0)

            let failures = Atomic<Int>(0)
            let successes = Atomic<Int>(0)
            let failing = try pool.applyAsync(ThreadsPicky.self, 9, callback: { _ in
                successes.add(1, ordering: .sequentiallyConsistent)
            }, errorCallback: { error in
                if (error as? ThreadsRefusal) == ThreadsRefusal(input: 9) { failures.add(1, ordering: .sequentiallyConsistent) }
            })
            XCTAssertThrowsError(try failing.get(timeout: 5))
            XCTAssertEqual(failing.isSuccessful, false)
            while failures.load(ordering: .sequentiallyConsistent) == 0 && Date() < deadline { usleep(1000) }
            usleep(20_000)
            XCTAssertEqual(failures.load(ordering: .sequentiallyConsistent), 1)
            XCTAssertEqual(successes.load(ordering: .sequentiallyConsistent), 0)

            let mapped = Atomic<Int>(0)
            let all = try pool.mapAsync(ThreadsSquare.self, [1, 2, 3], callback: { outputs in
                if outputs == [1, 4, 9] { mapped.add(1, ordering: .sequentiallyConsistent) }
            })
            XCTAssertEqual(try all.get(timeout: 5), [1, 4, 9])
            while mapped.load(ordering: .sequentiallyConsistent) == 0 && Date() < deadline { usleep(1000) }
            XCTAssertEqual(mapped.load(ordering: .sequentiallyConsistent), 1)

            let slow = try pool.applyAsync(ThreadsNap.self, 300)
            XCTAssertFalse(slow.isReady)
            XCTAssertNil(slow.isSuccessful)
            XCTAssertThrowsError(try slow.get(timeout: 0.01)) { XCTAssertEqual($0 as? MP.PoolError, .timedOut) }
            XCTAssertEqual(try slow.get(timeout: 5), 300)
        }
    }

    func testATaskErrorComesBackAsItself() throws {
        try MP.Threads.withPool(processes: 2) { pool in
            // The first error in input order (3), after every task ran, as the process pool does.
            XCTAssertThrowsError(try pool.map(ThreadsPicky.self, Array(0..<10), chunkSize: 1)) {
                XCTAssertEqual($0 as? ThreadsRefusal, ThreadsRefusal(input: 3))
            }
            // failFast: the first error to arrive (6; 3 is still asleep).
            XCTAssertThrowsError(try pool.map(ThreadsPicky.self, Array(0..<10), chunkSize: 1, failFast: true)) {
                XCTAssertEqual($0 as? ThreadsRefusal, ThreadsRefusal(input: 6))
            }
            XCTAssertThrowsError(try pool.apply(ThreadsPicky.self, 3)) {
                XCTAssertEqual($0 as? ThreadsRefusal, ThreadsRefusal(input: 3))
            }
            let outcomes = try pool.imap(ThreadsPicky.self, [1, 3, 4]).map { try? $0.get() }
            XCTAssertEqual(outcomes, [1, nil, 4], "one error does not end the loop")
            XCTAssertThrowsError(try pool.map(ThreadsSquare.self, [1], chunkSize: 0)) {
                XCTAssertEqual($0 as? MP.PoolError, .invalidChunkSize(0))
            }
        }
        XCTAssertThrowsError(try MP.Threads.Pool(processes: 0)) {
            XCTAssertEqual($0 as? MP.PoolError, .invalidProcessCount(0))
        }
        XCTAssertThrowsError(try MP.Threads.Pool(processes: 1, maxTasksPerChild: 0)) {
            XCTAssertEqual($0 as? MP.PoolError, .invalidMaxTasks(0))
        }
    }

    func testInputsAreSharedNotCopied() throws {
        let counter = ThreadsCounter()
        try MP.Threads.withPool(processes: 2) { pool in
            _ = try pool.map(ThreadsCount.self, Array(repeating: counter, count: 500))
        }
        XCTAssertEqual(counter.total, 500)
    }

    func testCloseJoinAndWorkAfterClose() throws {
        let pool = try MP.Threads.Pool(processes: 2)
        XCTAssertThrowsError(try pool.join()) { XCTAssertEqual($0 as? MP.PoolError, .stillOpen) }
        let pending = try pool.mapAsync(ThreadsNap.self, [50, 50, 50])
        pool.close()
        XCTAssertThrowsError(try pool.map(ThreadsSquare.self, [1])) { XCTAssertEqual($0 as? MP.PoolError, .closed) }
        XCTAssertThrowsError(try pool.applyAsync(ThreadsSquare.self, 1)) { XCTAssertEqual($0 as? MP.PoolError, .closed) }
        XCTAssertThrowsError(try pool.imap(ThreadsSquare.self, [1])) { XCTAssertEqual($0 as? MP.PoolError, .closed) }
        try pool.join()
        XCTAssertEqual(try pending.get(timeout: 0), [50, 50, 50], "close lets submitted work finish")
    }

    func testNoThreadIsLeftAfterJoin() throws {
        let before = threadCount()
        for _ in 0..<5 {
            let pool = try MP.Threads.Pool(processes: 4)
            // Each thread names itself as it starts: wait for the names.
            let deadline = Date().addingTimeInterval(5)
            while threadCount() < before + 4 && Date() < deadline { usleep(1000) }
            XCTAssertEqual(threadCount(), before + 4)
            _ = try pool.map(ThreadsSquare.self, Array(0..<1000), chunkSize: 1)
            pool.close()
            try pool.join()
            XCTAssertEqual(threadCount(), before, "every pool thread is gone once join returns")
        }
        // Threads that retire (maxTasksPerChild) are replaced and still all joined.
        let pool = try MP.Threads.Pool(processes: 2, maxTasksPerChild: 10)
        XCTAssertEqual(try pool.map(ThreadsSquare.self, Array(0..<500), chunkSize: 1), (0..<500).map { $0 * $0 })
        pool.close()
        try pool.join()
        XCTAssertEqual(threadCount(), before)
        // And a pool dropped without close or join.
        do { _ = try MP.Threads.Pool(processes: 3) }
        XCTAssertEqual(threadCount(), before)
    }

    func testTerminateFailsTasksNotStartedAndStopsThePool() throws {
        let before = threadCount()
        let pool = try MP.Threads.Pool(processes: 2)
        let result = try pool.mapAsync(ThreadsNap.self, Array(repeating: 20, count: 200), chunkSize: 1)
        usleep(50_000)
        let started = Date()
        pool.terminate()
        try pool.join()
        // Unterminated, the rest would take 2 s more.
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.0, "only the two running tasks finish")
        XCTAssertThrowsError(try result.get(timeout: 0)) { XCTAssertEqual($0 as? MP.PoolError, .terminated) }
        XCTAssertThrowsError(try pool.map(ThreadsSquare.self, [1])) { XCTAssertEqual($0 as? MP.PoolError, .closed) }
        XCTAssertEqual(threadCount(), before)
    }

    func testWithPoolTerminatesWhenItsBodyThrows() throws {
        let before = threadCount()
        XCTAssertThrowsError(try MP.Threads.withPool(processes: 2) { pool -> Int in
            _ = try pool.applyAsync(ThreadsNap.self, 30)
            throw ThreadsRefusal(input: 0)
        }) { XCTAssertEqual($0 as? ThreadsRefusal, ThreadsRefusal(input: 0)) }
        XCTAssertEqual(threadCount(), before)
    }

    func testAPoolWhoseInitializerThrowsFailsItsTasks() throws {
        let before = threadCount()
        let pool = try MP.Threads.Pool(processes: 2, initializer: ThreadsFailingInitializer.self)
        let result = try pool.applyAsync(ThreadsSquare.self, 2)
        XCTAssertThrowsError(try result.get(timeout: 10)) {
            XCTAssertEqual($0 as? MP.PoolError, .workersKeepFailing(exitCode: 1))
        }
        pool.close()
        try pool.join()
        XCTAssertEqual(threadCount(), before)
    }

    func testTheAsyncForms() async throws {
        let pool = try MP.Threads.Pool(processes: 2)
        let squares = try await pool.map(ThreadsSquare.self, [1, 2, 3])
        XCTAssertEqual(squares, [1, 4, 9])
        let cube = try await pool.apply(ThreadsCube.self, 3)
        XCTAssertEqual(cube, 27)
        var seen: [Int] = []
        for try await value in try pool.unorderedResults(ThreadsSquare.self, Array(0..<100)) { seen.append(value) }
        XCTAssertEqual(seen.sorted(), (0..<100).map { $0 * $0 })
        do {
            for try await _ in try pool.unorderedResults(ThreadsPicky.self, [1, 3]) {}
            XCTFail("the stream should throw")
        } catch {
            XCTAssertEqual(error as? ThreadsRefusal, ThreadsRefusal(input: 3))
        }
        pool.close()
        try pool.join()
    }

    func testSlowTasksAfterManyFastOnesStillSpreadOverTheThreads() throws {
        // Threads claim trivial tasks in blocks; ten 40 ms tasks after a
        // thousand trivial ones must still go to both threads (about 200 ms),
        // not queue behind one (400 ms).
        try MP.Threads.withPool(processes: 2) { pool in
            let inputs = Array(repeating: 0, count: 1000) + Array(repeating: 40, count: 10)
            let started = Date()
            XCTAssertEqual(try pool.map(ThreadsNap.self, inputs, chunkSize: 1), inputs)
            XCTAssertLessThan(Date().timeIntervalSince(started), 0.33)
        }
    }

    func testThreadsRunInParallel() throws {
        // Two tasks that each sleep 300 ms take about 300 ms on two threads, not 600.
        try MP.Threads.withPool(processes: 2) { pool in
            let started = Date()
            _ = try pool.map(ThreadsNap.self, [300, 300], chunkSize: 1)
            XCTAssertLessThan(Date().timeIntervalSince(started), 0.55)
        }
    }
}
