#if canImport(Glibc)
import Glibc
#endif

extension MP {
    /// A block of shared memory with a name, that any process can attach to
    /// by that name: Python's `multiprocessing.shared_memory.SharedMemory`.
    ///
    /// ```swift
    /// let block = try MP.SharedMemory(create: true, size: 1024)
    /// try block.writeBytes(Swift.Array("hello".utf8))
    /// // in another process, given `block.name`:
    /// let same = try MP.SharedMemory(name: name)
    /// print(String(decoding: try same.readBytes(count: 5), as: UTF8.self))   // hello
    /// same.close()
    /// // back in the creator, when everyone is done with it:
    /// block.close()
    /// try block.unlink()
    /// ```
    ///
    /// The segment lives in `/dev/shm` under its name until it is unlinked.
    /// The process that created it owns it: if it has not called `unlink()`
    /// by the time it ends, the segment is unlinked then, however it ends:
    /// by itself on a normal end (returns from `main`, calls `exit`, or is a
    /// child whose target returned or threw), by the program's resource
    /// tracker (started by `MP.bootstrap()`) after a crash or a signal.
    /// Attaching processes never unlink it on their own (unlike Python before
    /// 3.13, whose attaching processes could remove a segment still in use),
    /// and a child forked from the creator never unlinks its parent's
    /// segments. A process still attached when the creator ends keeps its
    /// mapping (Linux keeps unlinked memory valid until the last unmap); it
    /// only can no longer be attached by name.
    ///
    /// `name`, `size` and `isCreator` never throw. After `close()` the
    /// members that touch the bytes (`buffer`, `readBytes`, `writeBytes`)
    /// throw `SharedMemoryError.closed`; `close()` itself is harmless to
    /// repeat, and `unlink()` still works, so `close()` then `unlink()` works
    /// as in Python.
    ///
    /// It is `Codable` by name: handed to a child (or sent over a pipe), it
    /// attaches there to the same segment; no descriptor needs to travel.
    public final class SharedMemory: @unchecked Sendable, Codable {
        private let segmentName: String
        private let state: Locked<State>
        /// The pid of the process that created the segment through this
        /// object; nil when it attached. A fork child has the object but is
        /// not that process.
        private let creator: Int32?

        private struct State {
            /// The mapping, or nil once closed.
            var base: UnsafeMutableRawPointer?
            var size: Int
            var unlinked = false
        }

        /// Creates a new segment or attaches to an existing one.
        ///
        /// - Parameters:
        ///   - name: the segment's name (a leading `/` is optional; no other
        ///     `/`, at most 255 bytes). With `create: true` and no name, a
        ///     fresh unique name `mp-<pid>-<random>` is chosen.
        ///   - create: true makes a new segment, throwing
        ///     `SharedMemoryError.alreadyExists` if the name is taken; false
        ///     attaches to an existing one, throwing `SharedMemoryError.notFound`
        ///     if there is none.
        ///   - size: the new segment's size in bytes (at least 1), filled with
        ///     zeros. Ignored when attaching: the segment's own size is used.
        public init(name: String? = nil, create: Bool = false, size: Int = 0) throws {
            let given = try name.map(SegmentName.validated)
            let opened: (name: String, descriptor: Int32)
            if create {
                guard size > 0 else { throw SharedMemoryError.invalidSize(size) }
                opened = try SegmentName.createExclusively(given)
            } else {
                guard let given else { throw SharedMemoryError.nameRequired }
                opened = (given, try SegmentName.open(given))
            }
            defer { Descriptors.close(opened.descriptor) }
            // Tracked from the moment it exists, so that a crash from here on leaves nothing.
            if create { SegmentCleanup.adopt(opened.name, descriptor: opened.descriptor) }
            do {
                let mappedSize = create ? size : try SharedMemory.size(of: opened.descriptor, named: opened.name)
                if create {
                    try retryingOnInterrupt("ftruncate") { ftruncate(opened.descriptor, off_t(size)) }
                }
                let base = try SharedMemory.map(opened.descriptor, size: mappedSize)
                segmentName = opened.name
                state = Locked(State(base: base, size: mappedSize))
                creator = create ? getpid() : nil
            } catch {
                if create {
                    _ = shm_unlink("/" + opened.name)
                    SegmentCleanup.forget(opened.name)
                }
                throw error
            }
        }

        deinit {
            close()
        }

        /// The segment's name, without the leading `/`: what another process
        /// passes to `SharedMemory(name:)`.
        /// Kept after `close()`.
        public var name: String { segmentName }

        /// The segment's size in bytes: the size asked for when creating, the
        /// segment's own size when attaching. Kept after `close()`.
        public var size: Int { state.withLock { $0.size } }

        /// The segment's bytes, valid until `close()`. Every process attached
        /// sees the same bytes; nothing guards them, so use an `MP.Lock` (or
        /// another synchronisation object) when processes write concurrently.
        public var buffer: UnsafeMutableRawBufferPointer {
            get throws {
                let (base, size) = try mapping()
                return UnsafeMutableRawBufferPointer(start: base, count: size)
            }
        }

        /// Whether this process created the segment (and so owns it): false
        /// in a process that attached, and in a child forked from the creator.
        public var isCreator: Bool { creator == getpid() }

        /// Copies `count` bytes starting at `offset` (all the bytes from
        /// `offset` to the end when `count` is nil).
        public func readBytes(at offset: Int = 0, count: Int? = nil) throws -> [UInt8] {
            let (base, size) = try mapping()
            let count = count ?? max(0, size - offset)
            try SharedMemory.checkBounds(offset: offset, count: count, size: size)
            return Swift.Array(UnsafeRawBufferPointer(start: base + offset, count: count))
        }

        /// Copies `bytes` into the segment starting at `offset`.
        public func writeBytes(_ bytes: some Collection<UInt8>, at offset: Int = 0) throws {
            let (base, size) = try mapping()
            try SharedMemory.checkBounds(offset: offset, count: bytes.count, size: size)
            UnsafeMutableRawBufferPointer(start: base + offset, count: bytes.count).copyBytes(from: bytes)
        }

        /// Runs `body` with the segment's bytes.
        public func withUnsafeMutableBytes<Result>(
            _ body: (UnsafeMutableRawBufferPointer) throws -> Result
        ) throws -> Result {
            try body(buffer)
        }

        /// Unmaps the segment from this process; the segment itself lives on
        /// for the others (see `unlink()`). Repeating it does nothing. Do not
        /// close while another thread still uses `buffer`.
        public func close() {
            let mapping: (UnsafeMutableRawPointer, Int)? = state.withLock { state in
                defer { state.base = nil }
                return state.base.map { ($0, state.size) }
            }
            if let (base, size) = mapping { munmap(base, size) }
        }

        /// Removes the segment's name, so no process can attach to it any
        /// more; the memory goes away once every process has closed it. Call
        /// it once, normally in the creator, when everyone is done (the
        /// creator also does it at exit if nobody did). Allowed after `close()`.
        ///
        /// Throws `SharedMemoryError.alreadyUnlinked` when this object already
        /// unlinked it, and `SharedMemoryError.notFound` when another process did.
        public func unlink() throws {
            try state.withLock { state in
                guard !state.unlinked else { throw SharedMemoryError.alreadyUnlinked(segmentName) }
                let result = shm_unlink("/" + segmentName)
                let code = errno
                guard result == 0 || code == ENOENT else { throw SystemCallError(call: "shm_unlink", code: code) }
                state.unlinked = true
                if creator == getpid() { SegmentCleanup.forget(segmentName) }
                if result != 0 { throw SharedMemoryError.notFound(segmentName) }
            }
        }

        private func mapping() throws -> (base: UnsafeMutableRawPointer, size: Int) {
            try state.withLock { state in
                guard let base = state.base else { throw SharedMemoryError.closed(segmentName) }
                return (base, state.size)
            }
        }

        private static func size(of descriptor: Int32, named name: String) throws -> Int {
            var status = stat()
            try retryingOnInterrupt("fstat") { fstat(descriptor, &status) }
            guard status.st_size > 0 else { throw SharedMemoryError.emptySegment(name) }
            return Int(status.st_size)
        }

        private static func map(_ descriptor: Int32, size: Int) throws -> UnsafeMutableRawPointer {
            let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0)
            guard let address, address != MAP_FAILED else { throw SystemCallError(call: "mmap", code: errno) }
            return address
        }

        private static func checkBounds(offset: Int, count: Int, size: Int) throws {
            guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
                throw SharedMemoryError.bytesOutOfBounds(offset: offset, count: count, size: size)
            }
        }

        private enum CodingKeys: String, CodingKey {
            case name
        }

        /// Hands the segment to another process by name.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(segmentName, forKey: .name)
        }

        /// Attaches to the segment by name in the process that received it.
        public convenience init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try self.init(name: container.decode(String.self, forKey: .name), create: false)
        }
    }
}

/// Checking, choosing and opening the names of shared memory segments.
enum SegmentName {
    /// The name without its optional leading `/`, or an error saying why
    /// `shm_open` could not take it.
    static func validated(_ name: String) throws -> String {
        let bare = name.hasPrefix("/") ? String(name.dropFirst()) : name
        func refuse(_ reason: String) -> MP.SharedMemoryError { .invalidName(name, reason: reason) }
        if bare.isEmpty { throw refuse("it is empty") }
        if bare.contains("/") { throw refuse("it may not contain \"/\" (except one at the start)") }
        if bare == "." || bare == ".." { throw refuse("\".\" and \"..\" name directories") }
        if bare.utf8.contains(0) { throw refuse("it contains a NUL character") }
        if bare.utf8.count > 255 { throw refuse("it is longer than 255 bytes") }
        return bare
    }

    /// A name no other segment is likely to have.
    static func unique() -> String {
        "mp-\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16))"
    }

    /// Creates a new segment named `name`, or under a fresh name when nil
    /// (trying again on the unlikely clash). Returns the name and descriptor.
    static func createExclusively(_ name: String?) throws -> (name: String, descriptor: Int32) {
        while true {
            let candidate = name ?? unique()
            let descriptor = shm_open("/" + candidate, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return (candidate, descriptor) }
            let code = errno
            switch code {
            case EINTR: continue
            case EEXIST where name == nil: continue
            case EEXIST: throw MP.SharedMemoryError.alreadyExists(candidate)
            default: throw MP.SystemCallError(call: "shm_open", code: code)
            }
        }
    }

    /// Opens the existing segment `name` for reading and writing.
    static func open(_ name: String) throws -> Int32 {
        while true {
            let descriptor = shm_open("/" + name, O_RDWR | O_CLOEXEC, 0)
            if descriptor >= 0 { return descriptor }
            let code = errno
            switch code {
            case EINTR: continue
            case ENOENT: throw MP.SharedMemoryError.notFound(name)
            default: throw MP.SystemCallError(call: "shm_open", code: code)
            }
        }
    }
}
