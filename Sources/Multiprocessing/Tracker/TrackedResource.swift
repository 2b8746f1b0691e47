#if canImport(Glibc)
import Glibc
#endif

/// Something the core creates outside a process, which must not outlive the
/// process that created it: a named shared memory segment, a manager's
/// socket file, a manager's private folder.
///
/// It remembers the file it was (device and inode), so that a later file
/// that reuses the path is never removed.
struct TrackedResource: Hashable {
    enum Kind: UInt8 {
        /// A POSIX shared memory segment, by name without the leading `/`.
        case segment = 0
        /// A file (a Unix socket), by absolute path.
        case file = 1
        /// An empty folder, by absolute path: removed after the files.
        case folder = 2
    }

    var kind: Kind
    var path: String
    var device: UInt64
    var inode: UInt64

    /// The resource at `path` as it is now; nil when there is nothing there.
    init?(_ kind: Kind, _ path: String) {
        var status = stat()
        let found: Bool
        switch kind {
        case .segment:
            let descriptor = shm_open("/" + path, O_RDONLY | O_CLOEXEC, 0)
            guard descriptor >= 0 else { return nil }
            found = fstat(descriptor, &status) == 0
            Descriptors.close(descriptor)
        case .file, .folder:
            found = lstat(path, &status) == 0
        }
        guard found else { return nil }
        self.init(kind: kind, path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// The segment open as `descriptor`, named `name`.
    init(segment name: String, descriptor: Int32) {
        var status = stat()
        let known = fstat(descriptor, &status) == 0
        self.init(kind: .segment, path: name, device: known ? UInt64(status.st_dev) : 0,
                  inode: known ? UInt64(status.st_ino) : 0)
    }

    init(kind: Kind, path: String, device: UInt64, inode: UInt64) {
        self.kind = kind
        self.path = path
        self.device = device
        self.inode = inode
    }

    /// Removes it if the path still names the very file that was tracked.
    func remove() {
        guard let now = TrackedResource(kind, path), now.device == device, now.inode == inode else { return }
        switch kind {
        case .segment: _ = shm_unlink("/" + path)
        case .file: _ = unlink(path)
        case .folder: _ = rmdir(path)
        }
    }
}

/// The messages processes send their tracker: one record per `write`, at
/// most `PIPE_BUF` bytes, so records from many processes never interleave.
///
/// Layout (little-endian): operation (1 byte: `+` register, `-` forget),
/// kind (1), creator pid (4), device (8), inode (8), path length (2), path.
enum TrackerRecord {
    static let headerSize = 24
    static let register: UInt8 = 0x2B
    static let forget: UInt8 = 0x2D

    static func encode(_ operation: UInt8, _ resource: TrackedResource, creator: Int32) -> [UInt8]? {
        let path = Array(resource.path.utf8)
        guard headerSize + path.count <= Int(PIPE_BUF) else { return nil }
        var bytes: [UInt8] = [operation, resource.kind.rawValue]
        withUnsafeBytes(of: creator.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: resource.device.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: resource.inode.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: UInt16(path.count).littleEndian) { bytes += $0 }
        return bytes + path
    }

    /// The complete records at the start of `buffer`, which loses them; a
    /// partial record stays for the next read. Malformed bytes are dropped.
    static func decode(_ buffer: inout [UInt8]) -> [(operation: UInt8, creator: Int32, resource: TrackedResource)] {
        var records: [(UInt8, Int32, TrackedResource)] = []
        var offset = 0
        while buffer.count - offset >= headerSize {
            let fields = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset + 2, as: Int32.self),
                 raw.loadUnaligned(fromByteOffset: offset + 6, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: offset + 14, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: offset + 22, as: UInt16.self))
            }
            let length = Int(UInt16(littleEndian: fields.3))
            guard buffer.count - offset >= headerSize + length else { break }
            let operation = buffer[offset]
            let kind = TrackedResource.Kind(rawValue: buffer[offset + 1])
            let path = String(decoding: buffer[offset + headerSize..<offset + headerSize + length], as: UTF8.self)
            offset += headerSize + length
            guard let kind, operation == register || operation == forget else { continue }
            records.append((operation, Int32(littleEndian: fields.0), TrackedResource(
                kind: kind, path: path, device: UInt64(littleEndian: fields.1), inode: UInt64(littleEndian: fields.2))))
        }
        buffer.removeFirst(offset)
        return records
    }
}
