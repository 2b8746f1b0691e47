import Foundation
import Multiprocessing
import XCTest

/// `MP.Condition` within one process, with threads as the waiters.
final class ConditionTests: XCTestCase {
    func testWaitAndNotifyWithoutTheLockThrow() throws {
        let condition = try MP.Condition()
        XCTAssertThrowsError(try condition.wait(timeout: 0.01)) {
            XCTAssertEqual($0 as? MP.SynchronizeError, .conditionLockNotHeld("wait()"))
        }
        XCTAssertThrowsError(try condition.notify()) {
            XCTAssertEqual($0 as? MP.SynchronizeError, .conditionLockNotHeld("notify()"))
        }
        XCTAssertThrowsError(try condition.notifyAll()) {
            XCTAssertEqual($0 as? MP.SynchronizeError, .conditionLockNotHeld("notifyAll()"))
        }
        XCTAssertTrue("\(MP.SynchronizeError.conditionLockNotHeld("wait()"))".contains("acquire()"))
        XCTAssertThrowsError(try MP.Condition(lock: NotAnMPLock())) {
            guard case .unsupportedLock? = $0 as? MP.SynchronizeError else { return XCTFail("\($0)") }
        }
    }

    func testWaitTimesOutAndTakesAnRLockBackToTheSameDepth() throws {
        let condition = try MP.Condition()
        let rlock = try XCTUnwrap(condition.lock as? MP.RLock, "the default lock is an RLock, as in Python")
        try condition.acquire()
        try condition.acquire()
        let started = Date()
        XCTAssertFalse(try condition.wait(timeout: 0.2))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        XCTAssertTrue(rlock.isHeldByCurrentThread)
        try condition.release()
        XCTAssertTrue(rlock.isHeldByCurrentThread, "still held once more")
        try condition.release()
        XCTAssertFalse(rlock.isHeldByCurrentThread)
    }

    func testWaitLetsGoOfAnRLockHeldSeveralLevels() throws {
        let condition = try MP.Condition()
        let asleep = try MP.Value<Int32>(0, lock: .none)
        let done = expectation(description: "notified, with its three levels back")
        Thread {
            do {
                for _ in 0..<3 { try condition.acquire() }
                asleep.value = 1
                let notified = try condition.wait(timeout: 20)
                for _ in 0..<3 { try condition.release() }
                let oneTooMany = (try? condition.release()) == nil
                if notified && oneTooMany { done.fulfill() }
            } catch {
                XCTFail("\(error)")
            }
        }.start()
        // Taking the lock here is only possible if the waiter let go of all three levels.
        try waitUntil { try condition.withLock { asleep.value == 1 } }
        try condition.withLock { try condition.notify() }
        wait(for: [done], timeout: 20)
    }

    func testNotifyWakesExactlyOneWaiterAndNotifyAllTheRest() throws {
        let condition = try MP.Condition()
        let asleep = try MP.Value<Int32>(0, lock: .none)  // guarded by the condition's lock
        let woken = try MP.Value<Int32>(0)
        let done = (0..<3).map { expectation(description: "waiter \($0) ended") }
        for index in 0..<3 {
            Thread {
                do {
                    try condition.withLock {
                        asleep.value += 1
                        if try condition.wait(timeout: 20) { try woken.withLock { $0 += 1 } }
                    }
                } catch {
                    XCTFail("\(error)")
                }
                done[index].fulfill()
            }.start()
        }
        try waitUntil { try condition.withLock { asleep.value == 3 } }
        try condition.withLock { try condition.notify(1) }
        usleep(300_000)
        XCTAssertEqual(woken.value, 1, "notify(1) wakes exactly one waiter")
        try condition.withLock { try condition.notify(0) }
        usleep(100_000)
        XCTAssertEqual(woken.value, 1, "notify(0) wakes nobody")
        try condition.withLock { try condition.notifyAll() }
        wait(for: done, timeout: 20)
        XCTAssertEqual(woken.value, 3, "notifyAll wakes the other two")
    }

    func testAWaiterThatTimedOutDoesNotSwallowTheNextNotify() throws {
        let condition = try MP.Condition(lock: MP.Lock())
        try condition.withLock { XCTAssertFalse(try condition.wait(timeout: 0.05)) }
        let asleep = try MP.Value<Int32>(0, lock: .none)
        let notified = expectation(description: "the second waiter was notified")
        Thread {
            let ok = (try? condition.withLock { () -> Bool in
                asleep.value = 1
                return try condition.wait(timeout: 20)
            }) ?? false
            if ok { notified.fulfill() }
        }.start()
        try waitUntil { try condition.withLock { asleep.value == 1 } }
        try condition.withLock { try condition.notify() }
        wait(for: [notified], timeout: 20)
    }

    func testWaitForAPredicate() throws {
        let condition = try MP.Condition(lock: MP.Lock())
        let items = try MP.Value<Int32>(0, lock: .none)
        Thread {
            for _ in 0..<5 {
                usleep(20_000)
                try? condition.withLock {
                    items.value += 1
                    try condition.notify()
                }
            }
        }.start()
        XCTAssertTrue(try condition.withLock { try condition.wait(for: { items.value >= 5 }, timeout: 20) })
        XCTAssertEqual(items.value, 5)
        let started = Date()
        XCTAssertFalse(try condition.withLock { try condition.wait(for: { items.value > 5 }, timeout: 0.2) })
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        XCTAssertTrue(try condition.withLock { try condition.wait(for: { true }, timeout: 0) },
                      "a true predicate returns at once")
    }
}

/// A lock that is not one of the library's, which a Condition refuses.
final class NotAnMPLock: MP.SharedLock {
    func acquire(block: Bool, timeout: Double?) throws -> Bool { true }
    func release() throws {}
}

/// Polls `condition` every 10 ms for up to `timeout` seconds; fails the test if it never holds.
func waitUntil(
    timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line, _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        usleep(10_000)
    }
    XCTFail("still not true after \(timeout) s", file: file, line: line)
}
