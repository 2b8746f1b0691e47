#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// A block of memory that several processes map at once: an anonymous
/// memory file (`memfd_create`) mapped with `MAP_SHARED`.
///
/// Under fork a child inherits the mapping itself. Under spawn and
/// forkserver the region travels as its descriptor (see
/// `DescriptorHandover`) and the child maps it again, so every process sees
/// the same bytes. The memory is zero-filled when created, and goes away
/// when the last process unmaps it: nothing is left in /dev/shm.
final class SharedRegion: @unchecked Sendable {
    let descriptor: Int32
    let base: UnsafeMutableRawPointer
    let size: Int

    /// Creates a zero-filled region of `size` bytes.
    convenience init(size: Int, name: String = "multiprocessing") throws {
        guard size > 0 else { throw MP.SystemCallError(call: "ftruncate (a shared region needs a size)", code: EINVAL) }
        let descriptor = mp_memfd_create(name)
        guard descriptor >= 0 else { throw MP.SystemCallError(call: "memfd_create", code: errno) }
        guard ftruncate(descriptor, off_t(size)) == 0 else {
            let code = errno
            Descriptors.close(descriptor)
            throw MP.SystemCallError(call: "ftruncate", code: code)
        }
        try self.init(descriptor: descriptor, size: size)
    }

    /// Maps a region whose descriptor was handed to this process.
    init(descriptor: Int32, size: Int) throws {
        let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0)
        guard let address, address != MAP_FAILED else {
            let code = errno
            Descriptors.close(descriptor)
            throw MP.SystemCallError(call: "mmap", code: code)
        }
        self.descriptor = descriptor
        self.base = address
        self.size = size
    }

    deinit {
        munmap(base, size)
        Descriptors.close(descriptor)
    }

    /// A typed pointer `offset` bytes into the region.
    func pointer<T>(at offset: Int = 0, as type: T.Type) -> UnsafeMutablePointer<T> {
        (base + offset).assumingMemoryBound(to: type)
    }
}

/// How a shared-memory object travels to a child: its region's descriptor
/// (by index into the handover) and size.
struct SharedRegionHandle: Codable {
    var descriptorIndex: Int
    var size: Int

    init(_ region: SharedRegion, for encoder: any Encoder) throws {
        guard let handover = encoder.userInfo[DescriptorHandover.key] as? DescriptorHandover else {
            throw EncodingError.invalidValue(region.size, .init(
                codingPath: encoder.codingPath,
                debugDescription: "shared memory objects can only be handed to a child process as part of its argument"))
        }
        descriptorIndex = handover.register(region.descriptor)
        size = region.size
    }

    /// Maps the region in the child that received it.
    func attach(for decoder: any Decoder) throws -> SharedRegion {
        guard let table = decoder.userInfo[DescriptorTable.key] as? DescriptorTable else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "shared memory objects can only be received as part of a child process's argument"))
        }
        let descriptor = try table.descriptor(at: descriptorIndex)
        // Each object maps its own copy of the descriptor, so two objects
        // sharing one region can both be closed.
        let own = try Descriptors.duplicate(descriptor, atLeast: 3)
        return try SharedRegion(descriptor: own, size: size)
    }
}
