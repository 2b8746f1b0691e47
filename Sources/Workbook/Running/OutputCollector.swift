#if canImport(Glibc)
import Glibc
#endif

/// Reads one pipe into memory, keeping at most `limit` bytes but draining
/// everything, so a chatty program never blocks on a full pipe.
struct OutputCollector {
    private(set) var descriptor: Int32
    private let limit: Int
    private(set) var kept: [UInt8] = []
    private(set) var total = 0

    init(descriptor: Int32, limit: Int) {
        self.descriptor = descriptor
        self.limit = limit
    }

    /// Whether the write end has been closed by every process holding it.
    var isOpen: Bool { descriptor >= 0 }

    /// Reads what is available (call after `poll` said so); closes on end of file.
    mutating func readAvailable() {
        guard isOpen else { return }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            total += count
            let room = max(0, limit - kept.count)
            if room > 0 { kept.append(contentsOf: buffer[0..<min(room, count)]) }
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close()
        }
    }

    /// Stops reading and closes the descriptor.
    mutating func close() {
        guard isOpen else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }

    /// What was read, as a ``CapturedOutput``.
    var captured: CapturedOutput { CapturedOutput(kept: kept, totalBytes: total) }
}

extension Array where Element == OutputCollector {
    /// Waits up to `milliseconds` for data on any open collector and reads it.
    mutating func pollAndRead(milliseconds: Int32) {
        var descriptors = self.enumerated().filter { $0.element.isOpen }.map {
            pollfd(fd: $0.element.descriptor, events: Int16(POLLIN), revents: 0)
        }
        let indices = self.indices.filter { self[$0].isOpen }
        guard !descriptors.isEmpty else {
            usleep(UInt32(milliseconds) * 1_000)
            return
        }
        let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        guard ready > 0 else { return }
        for (slot, index) in indices.enumerated() where descriptors[slot].revents != 0 {
            self[index].readAvailable()
        }
    }
}
