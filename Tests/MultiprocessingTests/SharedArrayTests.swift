import Foundation
import Multiprocessing
import XCTest

/// `MP.Array` within one process (the cross-process cases are in
/// `CrossProcessSharedMemoryTests`).
final class SharedArrayTests: XCTestCase {
    func testZeroFilledRepeatingAndCopiedArrays() throws {
        let zeros = try MP.Array<Int64>(zeroFilledCount: 1000)
        XCTAssertEqual(zeros.count, 1000)
        XCTAssertTrue(zeros.toArray().allSatisfy { $0 == 0 })
        let halves = try MP.Array<Double>(repeating: 0.5, count: 4)
        XCTAssertEqual(halves.toArray(), [0.5, 0.5, 0.5, 0.5])
        let copied = try MP.Array<Int32>([3, 1, 4, 1, 5])
        XCTAssertEqual(copied.toArray(), [3, 1, 4, 1, 5])
        XCTAssertEqual(Array(copied), [3, 1, 4, 1, 5], "it is a Sequence")
        XCTAssertEqual(copied.description, "[3, 1, 4, 1, 5]")
        let empty = try MP.Array<UInt8>([])
        XCTAssertEqual(empty.count, 0)
        XCTAssertEqual(empty.toArray(), [])
        XCTAssertEqual(try MP.Array<Bool>(zeroFilledCount: 3).toArray(), [false, false, false])
    }

    func testSubscriptsReadAndWriteSingleElementsAndRanges() throws {
        let array = try MP.Array<Int32>(Array(0..<10))
        array[3] = -3
        XCTAssertEqual(array[3], -3)
        array[0] = array[9] * 2
        XCTAssertEqual(array[0], 18)
        XCTAssertEqual(array[4..<7], [4, 5, 6])
        XCTAssertEqual(array[8...], [8, 9])
        XCTAssertEqual(array[..<2], [18, 1])
        array[1...2] = [-1, -2]
        XCTAssertEqual(array.toArray(), [18, -1, -2, -3, 4, 5, 6, 7, 8, 9])
        array[5..<5] = []
        XCTAssertEqual(array[5..<5], [])
    }

    func testThrowingFormsRefuseWrongIndicesRangesAndLengths() throws {
        let array = try MP.Array<UInt16>(repeating: 7, count: 3)
        XCTAssertEqual(try array.element(at: 2), 7)
        try array.setElement(9, at: 0)
        XCTAssertEqual(array[0], 9)
        XCTAssertThrowsError(try array.element(at: 3)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .indexOutOfRange(index: 3, count: 3))
            XCTAssertTrue("\($0)".contains("index 3 is out of range"), "\($0)")
        }
        XCTAssertThrowsError(try array.setElement(1, at: -1)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .indexOutOfRange(index: -1, count: 3))
        }
        XCTAssertEqual(try array.elements(in: 1..<3), [7, 7])
        XCTAssertThrowsError(try array.elements(in: 2..<4)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .rangeOutOfBounds(lower: 2, upper: 4, count: 3))
        }
        XCTAssertThrowsError(try array.setElements([1, 2, 3], in: 0..<2)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .lengthMismatch(rangeCount: 2, given: 3))
        }
        try array.setElements([1, 2], in: 1..<3)
        XCTAssertEqual(array.toArray(), [9, 1, 2], "nothing was written by the refused calls")
        XCTAssertThrowsError(try MP.Array<Int8>(zeroFilledCount: -1)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .negativeCount(-1))
        }
        XCTAssertThrowsError(try MP.Array<Int8>(repeating: 1, count: -5)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .negativeCount(-5))
        }
        XCTAssertThrowsError(try MP.Array<Int64>(zeroFilledCount: Int.max / 2)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .tooLarge(count: Int.max / 2, elementSize: 8))
        }
    }

    func testLockChoicesAndWithLock() throws {
        let owned = try MP.Array<Int32>(zeroFilledCount: 4)
        XCTAssertTrue(owned.lock is MP.RLock, "an array has its own re-entrant lock by default")
        try owned.withLock { buffer in
            for i in buffer.indices { buffer[i] = Int32(i * i) }
        }
        XCTAssertEqual(owned.toArray(), [0, 1, 4, 9])
        // The Python idiom: hold the array's lock, then index inside (the RLock lets the subscript re-enter).
        try owned.lock?.withLock { owned[1] += 10 }
        XCTAssertEqual(owned[1], 11)

        let raw = try MP.Array<Int32>([1, 2], lock: .none)
        XCTAssertNil(raw.lock)
        XCTAssertEqual(try raw.withLock { $0.reduce(0, +) }, 3)

        let shared = try MP.Lock()
        let a = try MP.Array<Int32>([1], lock: .shared(shared))
        let b = try MP.Array<Int32>([2], lock: .shared(shared))
        XCTAssertTrue(a.lock === shared && b.lock === shared)
        XCTAssertEqual(try a.withLock { $0[0] } + b[0], 3)
        XCTAssertFalse(shared.isLocked)
    }

    func testThreadsIncrementingUnderTheLockLoseNothing() throws {
        let counters = try MP.Array<Int64>(zeroFilledCount: 2)
        let done = (0..<4).map { expectation(description: "thread \($0)") }
        for index in 0..<4 {
            Thread {
                for _ in 0..<2_000 {
                    try? counters.withLock { buffer in
                        buffer[0] += 1
                        buffer[1] -= 1
                    }
                }
                done[index].fulfill()
            }.start()
        }
        wait(for: done, timeout: 60)
        XCTAssertEqual(counters.toArray(), [8_000, -8_000])
    }
}
