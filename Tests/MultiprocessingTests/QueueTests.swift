import Foundation
import Multiprocessing
import XCTest

/// Queue behaviour within one process.
final class QueueTests: XCTestCase {
    func testFirstInFirstOutAndCounts() throws {
        let queue = try MP.Queue<String>()
        XCTAssertTrue(queue.isEmpty)
        for word in ["a", "", "ccc"] { try queue.put(word) }
        XCTAssertEqual(queue.count, 3)
        XCTAssertFalse(queue.isFull, "no maxSize, never full")
        XCTAssertEqual(try queue.get(), "a")
        XCTAssertEqual(try queue.get(), "")
        XCTAssertEqual(try queue.getNoWait(), "ccc")
        XCTAssertTrue(queue.isEmpty)
    }

    func testEmptyAndFullAreDistinctAndTimeoutsWait() throws {
        let queue = try MP.Queue<Int>(maxSize: 2)
        XCTAssertThrowsError(try queue.get(block: false)) { XCTAssertTrue($0 is MP.QueueEmpty) }
        var started = Date()
        XCTAssertThrowsError(try queue.get(timeout: 0.2)) { XCTAssertTrue($0 is MP.QueueEmpty) }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        try queue.put(1)
        try queue.putNoWait(2)
        XCTAssertTrue(queue.isFull)
        XCTAssertThrowsError(try queue.put(3, block: false)) { XCTAssertTrue($0 is MP.QueueFull) }
        started = Date()
        XCTAssertThrowsError(try queue.put(3, timeout: 0.2)) { XCTAssertTrue($0 is MP.QueueFull) }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        XCTAssertEqual(try queue.get(), 1)
        try queue.put(3)
        XCTAssertEqual(try queue.get(), 2)
        XCTAssertEqual(try queue.get(), 3)
    }

    func testRingFullMeansBackPressure() throws {
        let queue = try MP.Queue<[UInt8]>(capacity: 4096)
        try queue.put([UInt8](repeating: 1, count: 3000))
        XCTAssertThrowsError(try queue.put([UInt8](repeating: 2, count: 3000), timeout: 0.1)) {
            XCTAssertTrue($0 is MP.QueueFull, "no room for the second message in a 4 KiB ring")
        }
        XCTAssertEqual(try queue.get().count, 3000)
        try queue.put([UInt8](repeating: 2, count: 3000), timeout: 1)
        XCTAssertEqual(try queue.get().first, 2)
    }

    func testMessageLongerThanTheRingStreamsToAReader() throws {
        let queue = try MP.Queue<[UInt8]>(capacity: 1024)
        let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let writer = Thread { try? queue.put(big) }
        writer.start()
        XCTAssertEqual(try queue.get(timeout: 10), big)
    }

    func testCloseStopsThisObject() throws {
        let queue = try MP.Queue<Int>()
        try queue.put(1)
        queue.close()
        XCTAssertThrowsError(try queue.put(2)) { XCTAssertEqual($0 as? MP.QueueError, .closed) }
        XCTAssertThrowsError(try queue.get()) { XCTAssertEqual($0 as? MP.QueueError, .closed) }
    }

    func testBadSizesAreRefused() {
        XCTAssertThrowsError(try MP.Queue<Int>(maxSize: -1)) {
            guard case .invalidSize? = $0 as? MP.QueueError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try MP.Queue<Int>(capacity: 10))
    }

    func testJoinableQueueCountsTasks() throws {
        let queue = try MP.JoinableQueue<Int>()
        XCTAssertTrue(queue.join(timeout: 0), "nothing put, nothing to wait for")
        try queue.put(1)
        try queue.put(2)
        XCTAssertEqual(queue.unfinishedTasks, 2)
        XCTAssertFalse(queue.join(timeout: 0.1))
        _ = try queue.get()
        try queue.taskDone()
        _ = try queue.get()
        let finisher = Thread {
            usleep(50_000)
            try? queue.taskDone()
        }
        finisher.start()
        XCTAssertTrue(queue.join(timeout: 5))
        XCTAssertThrowsError(try queue.taskDone()) { XCTAssertEqual($0 as? MP.QueueError, .taskDoneTooManyTimes) }
    }

    func testSimpleQueue() throws {
        let queue = try MP.SimpleQueue<[Int?]>()
        XCTAssertTrue(queue.isEmpty)
        try queue.put([5, nil])
        XCTAssertFalse(queue.isEmpty)
        XCTAssertEqual(try queue.get(), [5, nil])
        queue.close()
        XCTAssertThrowsError(try queue.put([1])) { XCTAssertEqual($0 as? MP.QueueError, .closed) }
    }
}

final class CrossProcessQueueTests: HelperTestCase {
    func testManyProducersAndConsumersLoseNothing() throws {
        for method in methods {
            let v = try scenario("queue-many", method).values
            XCTAssertEqual(v["received"], "9000", method)
            XCTAssertEqual(v["distinct"], "9000", "\(method): nothing duplicated")
            XCTAssertEqual(v["fifo.per.producer"], "true", method)
            XCTAssertEqual(v["both.consumers.worked"], "true", method)
            XCTAssertEqual(v["empty.after"], "true", method)
        }
    }

    /// CPython's classic trap: a child that put a lot cannot be joined until
    /// someone reads. Here put copies into shared memory before returning.
    func testChildThatPutTenMegabytesCanBeJoinedBeforeAnyoneReads() throws {
        for method in methods {
            let v = try scenario("queue-big-join", method).values
            XCTAssertEqual(v["joined"], "true", method)
            XCTAssertEqual(v["exitCode"], "0", method)
            XCTAssertEqual(v["length"], "10000000", method)
            XCTAssertEqual(v["intact"], "true", method)
            XCTAssertEqual(v["streamed.length"], "10000000", method)
            XCTAssertEqual(v["streamed.intact"], "true", method)
        }
    }

    func testJoinableQueueAcrossProcesses() throws {
        for method in methods {
            let v = try scenario("joinable", method).values
            XCTAssertEqual(v["joined"], "true", method)
            XCTAssertEqual(v["squares"], "1,4,9,16,25,36,49,64,81,100", method)
            XCTAssertEqual(v["unfinished"], "0", method)
            XCTAssertEqual(v["too.many"], "QueueError:\(MP.QueueError.taskDoneTooManyTimes)", method)
        }
    }

    func testSimpleQueueSquares() throws {
        for method in methods {
            let v = try scenario("simple-queue", method).values
            XCTAssertEqual(v["pairs"], "0:0,1:1,2:4,3:9,4:16", method)
            XCTAssertEqual(v["empty"], "true", method)
        }
    }
}
