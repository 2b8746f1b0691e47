#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// Small helpers over raw file descriptors, shared by every channel.
enum Descriptors {
    /// A pipe whose both ends close on exec.
    static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        try retryingOnInterrupt("pipe2") { mp_pipe_cloexec(&ends) }
        return (ends[0], ends[1])
    }

    /// A connected pair of Unix sockets that close on exec.
    static func socketPair(type: Int32 = Int32(SOCK_STREAM.rawValue)) throws -> (Int32, Int32) {
        var ends: [Int32] = [-1, -1]
        try retryingOnInterrupt("socketpair") {
            socketpair(AF_UNIX, type | Int32(SOCK_CLOEXEC.rawValue), 0, &ends)
        }
        return (ends[0], ends[1])
    }

    /// Asks for `size`-byte send and receive buffers on sockets (best effort).
    static func enlargeSocketBuffers(_ sockets: Int32..., to size: Int32) {
        for socket in sockets {
            var value = size
            _ = setsockopt(socket, SOL_SOCKET, SO_SNDBUF, &value, socklen_t(MemoryLayout<Int32>.size))
            _ = setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// A duplicate of `descriptor` numbered at least `minimum`, closed on exec.
    static func duplicate(_ descriptor: Int32, atLeast minimum: Int32) throws -> Int32 {
        try retryingOnInterrupt("fcntl(F_DUPFD_CLOEXEC)") { fcntl(descriptor, F_DUPFD_CLOEXEC, minimum) }
    }

    /// Closes `descriptor`, ignoring errors: after close(2) the number is gone
    /// whatever it reports, and retrying on EINTR could close someone else's.
    static func close(_ descriptor: Int32) {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// Writes all of `buffer`, retrying partial writes and interruptions.
    static func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw MP.SystemCallError(call: "write", code: errno)
            }
            offset += written
        }
    }

    /// Reads exactly `buffer.count` bytes. Returns false at a clean end of
    /// file before the first byte; throws `MP.EOFError` for an end of file in
    /// the middle.
    static func readExactly(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Bool {
        var offset = 0
        while offset < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if got < 0 {
                if errno == EINTR { continue }
                throw MP.SystemCallError(call: "read", code: errno)
            }
            if got == 0 {
                if offset == 0 { return false }
                throw MP.EOFError(midMessage: true)
            }
            offset += got
        }
        return true
    }

    /// Waits until `descriptor` is readable (or hung up). A nil timeout
    /// waits for ever. Returns whether it became ready.
    static func waitReadable(_ descriptor: Int32, timeout: Double?) throws -> Bool {
        try waitReadable([descriptor], timeout: timeout).contains(descriptor)
    }

    /// Waits until at least one descriptor is readable or hung up, and
    /// returns the ready ones (empty on timeout).
    static func waitReadable(_ descriptors: [Int32], timeout: Double?) throws -> [Int32] {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let deadline = Deadline(timeout: timeout)
        while true {
            let count = poll(&entries, nfds_t(entries.count), deadline.remainingMilliseconds)
            if count < 0 {
                if errno == EINTR { continue }
                throw MP.SystemCallError(call: "poll", code: errno)
            }
            if count == 0 && deadline.hasPassed { return [] }
            if count == 0 { continue }
            return entries.filter { $0.revents != 0 }.map(\.fd)
        }
    }
}
