import Foundation
import Multiprocessing
import XCTest

/// Locks, semaphores and events within one process (threads stand in for
/// processes where it matters; the cross-process cases are below).
final class SynchronizeTests: XCTestCase {
    func testLockAcquireReleaseAndTimeout() throws {
        let lock = try MP.Lock()
        XCTAssertFalse(lock.isLocked)
        XCTAssertTrue(try lock.acquire())
        XCTAssertTrue(lock.isLocked)
        XCTAssertFalse(try lock.acquire(block: false), "a plain lock is not re-entrant")
        let started = Date()
        XCTAssertFalse(try lock.acquire(timeout: 0.2))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19)
        try lock.release()
        XCTAssertThrowsError(try lock.release()) { XCTAssertEqual($0 as? MP.SynchronizeError, .releasedUnlocked) }
        XCTAssertEqual(try lock.withLock { 42 }, 42)
        XCTAssertFalse(lock.isLocked, "withLock always releases")
        XCTAssertThrowsError(try lock.withLock { throw MP.EOFError() })
        XCTAssertFalse(lock.isLocked, "withLock releases when the body throws")
    }

    func testLockCanBeReleasedByAnotherThread() throws {
        let lock = try MP.Lock()
        try lock.acquire()
        let released = expectation(description: "released elsewhere")
        Thread {
            if (try? lock.release()) != nil { released.fulfill() }
        }.start()
        wait(for: [released], timeout: 5)
        XCTAssertTrue(try lock.acquire(block: false))
    }

    func testRLockIsReentrantAndOwnedByItsThread() throws {
        let rlock = try MP.RLock()
        XCTAssertTrue(try rlock.acquire())
        XCTAssertTrue(try rlock.acquire(), "the holder may acquire again")
        XCTAssertTrue(rlock.isHeldByCurrentThread)
        let refused = expectation(description: "another thread may neither acquire nor release")
        Thread {
            let acquired = (try? rlock.acquire(timeout: 0.1)) ?? true
            var notOwner = false
            do { try rlock.release() } catch { notOwner = (error as? MP.SynchronizeError) == .notOwner }
            if !acquired && notOwner { refused.fulfill() }
        }.start()
        wait(for: [refused], timeout: 5)
        try rlock.release()
        XCTAssertTrue(rlock.isHeldByCurrentThread, "one release per acquire")
        try rlock.release()
        XCTAssertFalse(rlock.isHeldByCurrentThread)
        XCTAssertThrowsError(try rlock.release()) { XCTAssertEqual($0 as? MP.SynchronizeError, .releasedUnlocked) }
    }

    func testSemaphoreCountsAndBoundedSemaphoreRefusesOverRelease() throws {
        let semaphore = try MP.Semaphore(value: 2)
        XCTAssertTrue(semaphore.acquire())
        XCTAssertTrue(semaphore.acquire())
        XCTAssertEqual(semaphore.value, 0)
        XCTAssertFalse(semaphore.acquire(timeout: 0.1))
        try semaphore.release()
        try semaphore.release()
        try semaphore.release()
        XCTAssertEqual(semaphore.value, 3, "a plain semaphore may go above its start")

        let bounded = try MP.BoundedSemaphore(value: 1)
        XCTAssertTrue(bounded.acquire(block: false))
        XCTAssertFalse(bounded.acquire(block: false))
        try bounded.release()
        XCTAssertThrowsError(try bounded.release()) {
            XCTAssertEqual($0 as? MP.SynchronizeError, .releasedTooManyTimes(bound: 1))
        }
        XCTAssertThrowsError(try MP.Semaphore(value: -1)) {
            XCTAssertEqual($0 as? MP.SynchronizeError, .invalidValue(-1))
        }
    }

    func testEventWaitsAndTimesOut() throws {
        let event = try MP.Event()
        XCTAssertFalse(event.isSet)
        let started = Date()
        XCTAssertFalse(event.wait(timeout: 0.15))
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.14)
        Thread {
            usleep(50_000)
            event.set()
        }.start()
        XCTAssertTrue(event.wait(timeout: 5))
        XCTAssertTrue(event.wait(), "a set event does not block")
        event.clear()
        XCTAssertFalse(event.isSet)
    }

    func testValueReadsWritesAndLockChoices() throws {
        let number = try MP.Value<Double>(3.5)
        XCTAssertEqual(number.value, 3.5)
        number.value = -1.25
        XCTAssertEqual(number.value, -1.25)
        XCTAssertTrue(number.lock is MP.RLock, "a value has its own re-entrant lock by default")
        // The Python idiom: hold the value's lock, then use `value` inside.
        try number.lock?.acquire(block: true, timeout: nil)
        number.value += 1
        try number.lock?.release()
        XCTAssertEqual(number.value, -0.25)
        XCTAssertEqual(try number.withLock { value -> Double in
            value *= 2
            return value
        }, -0.5)

        let raw = try MP.Value<Int32>(7, lock: .none)
        XCTAssertNil(raw.lock)
        raw.value += 1
        XCTAssertEqual(raw.value, 8)

        let shared = try MP.Lock()
        let a = try MP.Value<Int64>(1, lock: .shared(shared))
        XCTAssertTrue(a.lock === shared)
        try shared.acquire()
        XCTAssertThrowsError(try MP.Process(target: Idle.self).start(), "still no bootstrap here")
        try shared.release()
        XCTAssertEqual(try a.withLock { $0 }, 1)

        let flag = try MP.Value<Bool>(true)
        XCTAssertTrue(flag.value)
        let name = try MP.Value<(UInt8, UInt8, UInt8, UInt8)>((72, 105, 33, 0))
        XCTAssertEqual(name.value.1, 105)
    }
}

final class CrossProcessSynchronizeTests: HelperTestCase {
    func testLostUpdatesWithoutALockAndNoneWithIt() throws {
        for method in methods {
            let v = try scenario("race", method).values
            let unlocked = Int(v["unlocked"] ?? "") ?? -1
            XCTAssertGreaterThan(unlocked, 0, method)
            XCTAssertLessThan(unlocked, 400_000, "\(method): without the lock, updates are lost")
            XCTAssertEqual(v["locked"], "400000", "\(method): with the lock, none are")
        }
    }

    func testLocksEventsAndSemaphoresAcrossProcesses() throws {
        for method in methods {
            let v = try scenario("locks", method).values
            XCTAssertEqual(v["foreign"], "ok,SynchronizeError",
                           "\(method): a child may release a Lock, not an RLock it does not hold")
            XCTAssertEqual(v["lock.free.after.foreign.release"], "true", method)
            XCTAssertEqual(v["rlock.still.held"], "true", method)
            XCTAssertEqual(v["rlock.released"], "true", method)
            XCTAssertTrue(v["abandoned"]?.hasPrefix("AbandonedLockError:") == true, "\(method): \(v["abandoned"] ?? "")")
            XCTAssertEqual(v["held.after.abandoned"], "true", "\(method): the next acquirer holds the abandoned lock")
            XCTAssertEqual(v["zombie.holder.abandoned"], "true", "\(method): a killed, unreaped holder is noticed")
            XCTAssertEqual(v["event.seen"], "true", method)
            XCTAssertEqual(v["semaphore.most.inside"], "2", "\(method): at most two inside a Semaphore(2)")
            XCTAssertEqual(v["semaphore.exit.codes"], "0,0,0,0", method)
        }
    }
}
