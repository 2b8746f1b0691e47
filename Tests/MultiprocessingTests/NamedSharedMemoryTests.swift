import Foundation
import Glibc
import Multiprocessing
import XCTest

/// `MP.SharedMemory` (named segments) within one process. Every name starts
/// with `SegmentNames.prefix`, and no such segment may outlive a test.
final class NamedSharedMemoryTests: XCTestCase {
    override func tearDown() {
        let left = SegmentNames.leftovers()
        XCTAssertEqual(left, [], "segments left in /dev/shm")
        SegmentNames.removeLeftovers()
        super.tearDown()
    }

    func testCreateAttachShareBytesCloseAndUnlink() throws {
        let name = SegmentNames.make("basic")
        let created = try MP.SharedMemory(name: name, create: true, size: 100)
        XCTAssertEqual(created.name, name)
        XCTAssertEqual(created.size, 100)
        XCTAssertTrue(created.isCreator)
        XCTAssertTrue(SegmentNames.exists(name))
        XCTAssertTrue(try created.readBytes().allSatisfy { $0 == 0 }, "a new segment is zero-filled")

        let attached = try MP.SharedMemory(name: name)
        XCTAssertFalse(attached.isCreator)
        XCTAssertEqual(attached.size, 100, "attaching finds the size itself")
        try created.writeBytes(Array("hello".utf8), at: 10)
        XCTAssertEqual(String(decoding: try attached.readBytes(at: 10, count: 5), as: UTF8.self), "hello")
        try attached.buffer.storeBytes(of: 0x0102_0304_0506_0708, toByteOffset: 56, as: UInt64.self)
        XCTAssertEqual(try created.buffer.load(fromByteOffset: 56, as: UInt64.self), 0x0102_0304_0506_0708)
        XCTAssertEqual(try created.withUnsafeMutableBytes { $0.count }, 100)

        attached.close()
        attached.close()  // harmless
        XCTAssertThrowsError(try attached.buffer) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .closed(name))
        }
        XCTAssertEqual(attached.name, name, "the name is kept after close")
        XCTAssertEqual(attached.size, 100, "the size is kept after close")
        XCTAssertFalse(attached.isCreator)
        for (label, use) in [
            ("readBytes", { _ = try attached.readBytes() }),
            ("writeBytes", { try attached.writeBytes([1]) }),
            ("withUnsafeMutableBytes", { try attached.withUnsafeMutableBytes { _ in } }),
        ] as [(String, () throws -> Void)] {
            XCTAssertThrowsError(try use(), "\(label) after close") {
                XCTAssertEqual($0 as? MP.SharedMemoryError, .closed(name), label)
            }
        }
        XCTAssertEqual(try created.readBytes(at: 10, count: 5), Array("hello".utf8), "the creator still sees it")

        created.close()
        try created.unlink()
        XCTAssertFalse(SegmentNames.exists(name))
        XCTAssertThrowsError(try created.unlink()) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .alreadyUnlinked(name))
        }
        XCTAssertThrowsError(try MP.SharedMemory(name: name)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .notFound(name))
        }
    }

    func testErrorsForDuplicatesMissingNamesAndBadArguments() throws {
        let name = SegmentNames.make("duplicate")
        let first = try MP.SharedMemory(name: name, create: true, size: 8)
        defer { try? first.unlink() }
        XCTAssertThrowsError(try MP.SharedMemory(name: name, create: true, size: 8)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .alreadyExists(name))
            XCTAssertTrue("\($0)".contains("create: false"), "the message says how to attach instead")
        }
        let missing = SegmentNames.make("never-created")
        XCTAssertThrowsError(try MP.SharedMemory(name: missing)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .notFound(missing))
        }
        XCTAssertThrowsError(try MP.SharedMemory()) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .nameRequired)
        }
        for size in [0, -1] {
            XCTAssertThrowsError(try MP.SharedMemory(create: true, size: size)) {
                XCTAssertEqual($0 as? MP.SharedMemoryError, .invalidSize(size))
            }
        }
        for bad in ["", "/", "a/b", "..", String(repeating: "x", count: 256)] {
            XCTAssertThrowsError(try MP.SharedMemory(name: bad, create: true, size: 8), bad) {
                guard case .invalidName? = $0 as? MP.SharedMemoryError else { return XCTFail("\(bad): \($0)") }
            }
        }
        XCTAssertThrowsError(try first.readBytes(at: 4, count: 5)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .bytesOutOfBounds(offset: 4, count: 5, size: 8))
        }
        XCTAssertThrowsError(try first.writeBytes([1, 2], at: -1)) {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .bytesOutOfBounds(offset: -1, count: 2, size: 8))
        }
        XCTAssertEqual(try first.readBytes(at: 8), [], "reading from the end gives nothing")
    }

    func testAGeneratedNameIsUniqueAndALeadingSlashIsOptional() throws {
        let one = try MP.SharedMemory(create: true, size: 16)
        let two = try MP.SharedMemory(create: true, size: 16)
        defer {
            try? one.unlink()
            try? two.unlink()
        }
        let names = [one.name, two.name]
        XCTAssertNotEqual(names[0], names[1])
        for name in names {
            XCTAssertTrue(name.hasPrefix("mp-\(getpid())-"), name)
            XCTAssertTrue(SegmentNames.exists(name))
        }

        let name = SegmentNames.make("slash")
        let slashed = try MP.SharedMemory(name: "/" + name, create: true, size: 4)
        XCTAssertEqual(slashed.name, name)
        let attached = try MP.SharedMemory(name: name)
        XCTAssertEqual(attached.size, 4)
        try slashed.unlink()
        XCTAssertThrowsError(try attached.unlink(), "someone else unlinked it already") {
            XCTAssertEqual($0 as? MP.SharedMemoryError, .notFound(name))
        }
    }

    func testItTravelsByNameEvenOverAPipe() throws {
        let name = SegmentNames.make("sent")
        let block = try MP.SharedMemory(name: name, create: true, size: 32)
        defer { try? block.unlink() }
        try block.writeBytes([42], at: 31)
        let (mine, theirs) = try MP.Pipe()
        try mine.send(block)
        let copy = try theirs.recv(MP.SharedMemory.self)
        XCTAssertFalse(copy.isCreator, "the decoded copy attached")
        XCTAssertEqual(try copy.readBytes(at: 31, count: 1), [42])
    }
}

/// Names of the segments the tests (and the helper program's scenarios) create.
enum SegmentNames {
    /// Every name starts with this, unique to this test run.
    static let prefix = "mp-test-\(getpid())-"

    static func make(_ label: String) -> String { prefix + label }

    static func exists(_ name: String) -> Bool {
        access("/dev/shm/" + name, F_OK) == 0
    }

    /// Segments of this run still in /dev/shm.
    static func leftovers() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? []
        return entries.filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func removeLeftovers() {
        for name in leftovers() { shm_unlink("/" + name) }
    }
}
