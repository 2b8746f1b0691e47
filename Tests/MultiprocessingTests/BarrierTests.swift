import Foundation
import Multiprocessing
import XCTest

/// `MP.Barrier` within one process, with threads as the parties.
final class BarrierTests: XCTestCase {
    func testIndicesAreUniqueWithOneZeroAndTheActionRunsOnceBeforeRelease() throws {
        CountingAction.runs.set(0)
        let barrier = try MP.Barrier(parties: 3, action: CountingAction.self)
        XCTAssertEqual(barrier.parties, 3)
        let cycles = 4
        // For every party and cycle: the index it got and the action runs it saw on release.
        let seen = Tally<[Int: [(index: Int, runs: Int)]]>([:])
        let done = (0..<3).map { expectation(description: "party \($0) ended") }
        for party in 0..<3 {
            Thread {
                for cycle in 0..<cycles {
                    do {
                        let index = try barrier.wait(timeout: 20)
                        let runs = CountingAction.runs.get()
                        seen.update { $0[cycle, default: []].append((index, runs)) }
                    } catch {
                        XCTFail("party \(party), cycle \(cycle): \(error)")
                    }
                }
                done[party].fulfill()
            }.start()
        }
        wait(for: done, timeout: 60)
        let results = seen.get()
        for cycle in 0..<cycles {
            let entries = results[cycle] ?? []
            XCTAssertEqual(entries.map(\.index).sorted(), [0, 1, 2], "cycle \(cycle): one each, exactly one 0")
            XCTAssertEqual(entries.map(\.runs), [cycle + 1, cycle + 1, cycle + 1],
                           "cycle \(cycle): the action ran once, before anyone was released")
        }
        XCTAssertEqual(CountingAction.runs.get(), cycles)
        XCTAssertFalse(barrier.isBroken)
        XCTAssertEqual(barrier.waitingCount, 0)
    }

    func testWithTwiceAsManyThreadsAsPartiesEveryCycleFillsExactly() throws {
        CountingAction.runs.set(0)
        let barrier = try MP.Barrier(parties: 3, action: CountingAction.self)
        let cycles = 100
        // One ticket per wait. A thread holds at most one at a time (it is
        // blocked in the wait), so the last three tickets go to three threads
        // and the last cycle fills too.
        let tickets = Tally(3 * cycles)
        let indices = Tally<[Int: Int]>([:])
        let done = (0..<6).map { expectation(description: "thread \($0) ended") }
        for thread in 0..<6 {
            Thread {
                while tickets.take() {
                    guard let index = try? barrier.wait(timeout: 30) else { return XCTFail("a wait failed") }
                    indices.update { $0[index, default: 0] += 1 }
                }
                done[thread].fulfill()
            }.start()
        }
        wait(for: done, timeout: 120)
        XCTAssertEqual(indices.get(), [0: cycles, 1: cycles, 2: cycles])
        XCTAssertEqual(CountingAction.runs.get(), cycles)
    }

    func testOnePartyPassesAtOnceWithIndexZero() throws {
        let barrier = try MP.Barrier(parties: 1)
        XCTAssertEqual(try barrier.wait(), 0)
        XCTAssertEqual(try barrier.wait(), 0)
    }

    func testInvalidPartiesThrow() {
        for parties in [0, -3] {
            XCTAssertThrowsError(try MP.Barrier(parties: parties)) {
                XCTAssertEqual($0 as? MP.SynchronizeError, .invalidParties(parties))
            }
        }
    }

    func testATimeoutBreaksTheBarrierUntilReset() throws {
        let barrier = try MP.Barrier(parties: 2, timeout: 0.2)
        let started = Date()
        XCTAssertThrowsError(try barrier.wait()) {
            XCTAssertEqual($0 as? MP.BrokenBarrierError, MP.BrokenBarrierError(reason: .timedOut))
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.19, "the barrier's own timeout applies")
        XCTAssertTrue(barrier.isBroken)
        XCTAssertThrowsError(try barrier.wait(timeout: 5), "a broken barrier refuses at once") {
            XCTAssertEqual(($0 as? MP.BrokenBarrierError)?.reason, .timedOut)
        }
        try barrier.reset()
        XCTAssertFalse(barrier.isBroken)
        try passTogether(barrier, parties: 2)
    }

    func testAbortBreaksItForTheWaiters() throws {
        let barrier = try MP.Barrier(parties: 3)
        let refused = expectation(description: "the waiter was told the barrier broke")
        Thread {
            do {
                try barrier.wait(timeout: 20)
            } catch let error as MP.BrokenBarrierError where error.reason == .aborted {
                refused.fulfill()
            } catch {
                XCTFail("\(error)")
            }
        }.start()
        try waitUntil { barrier.waitingCount == 1 }
        try barrier.abort()
        wait(for: [refused], timeout: 20)
        XCTAssertTrue(barrier.isBroken)
        XCTAssertEqual(barrier.waitingCount, 0)
    }

    func testResetReleasesTheWaitersWithAnErrorAndTheBarrierWorksAgain() throws {
        let barrier = try MP.Barrier(parties: 3)
        let refused = (0..<2).map { expectation(description: "waiter \($0) was told of the reset") }
        for waiter in 0..<2 {
            Thread {
                do {
                    try barrier.wait(timeout: 20)
                } catch let error as MP.BrokenBarrierError where error.reason == .reset {
                    refused[waiter].fulfill()
                } catch {
                    XCTFail("\(error)")
                }
            }.start()
        }
        try waitUntil { barrier.waitingCount == 2 }
        try barrier.reset()
        wait(for: refused, timeout: 20)
        XCTAssertFalse(barrier.isBroken, "a reset barrier is not broken")
        try passTogether(barrier, parties: 3)
    }

    func testAnActionThatThrowsBreaksTheBarrier() throws {
        let barrier = try MP.Barrier(parties: 2, action: FailingAction.self)
        let outcomes = Tally<[String]>([])
        let done = (0..<2).map { expectation(description: "party \($0) ended") }
        for party in 0..<2 {
            Thread {
                do {
                    try barrier.wait(timeout: 20)
                    outcomes.update { $0.append("passed") }
                } catch let error as MP.BrokenBarrierError {
                    outcomes.update { $0.append("broken:\(error.reason)") }
                } catch {
                    outcomes.update { $0.append("action:\(error)") }
                }
                done[party].fulfill()
            }.start()
        }
        wait(for: done, timeout: 20)
        XCTAssertEqual(outcomes.get().sorted(), ["action:the action failed", "broken:actionFailed"])
        XCTAssertTrue(barrier.isBroken)
    }

    /// `parties` threads (this one among them) pass `barrier` once.
    private func passTogether(_ barrier: MP.Barrier, parties: Int) throws {
        let indices = Tally<[Int]>([])
        let done = (1..<parties).map { expectation(description: "party \($0) passed") }
        for party in 1..<parties {
            Thread {
                if let index = try? barrier.wait(timeout: 20) {
                    indices.update { $0.append(index) }
                    done[party - 1].fulfill()
                }
            }.start()
        }
        let mine = try barrier.wait(timeout: 20)
        wait(for: done, timeout: 20)
        XCTAssertEqual((indices.get() + [mine]).sorted(), Array(0..<parties))
    }
}

/// Counts its runs.
enum CountingAction: MP.BarrierAction {
    static let runs = Tally(0)
    static func run() throws {
        runs.update { $0 += 1 }
    }
}

struct ActionFailure: Error, CustomStringConvertible {
    var description: String { "the action failed" }
}

enum FailingAction: MP.BarrierAction {
    static func run() throws {
        throw ActionFailure()
    }
}

/// A value shared by the test's threads.
final class Tally<Value>: @unchecked Sendable {
    fileprivate let lock = NSLock()
    fileprivate var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func get() -> Value { lock.withLock { value } }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}

extension Tally where Value == Int {
    /// Takes one if any is left.
    func take() -> Bool {
        lock.withLock {
            guard value > 0 else { return false }
            value -= 1
            return true
        }
    }
}
