import FoundationEssentials

/// Collects the descriptors of resources (connections, later queues and
/// shared memory) found while encoding a child's argument.
///
/// A resource encodes itself as an index into this list. Under spawn the
/// list becomes descriptors 4, 5, ... of the new program; under forkserver it
/// travels to the server with SCM_RIGHTS; under fork nothing is encoded,
/// because the child inherits the very same descriptor numbers.
final class DescriptorHandover: Sendable {
    static let key = CodingUserInfoKey(rawValue: "multiprocessing.descriptor-handover")!

    private let collected = Locked<[Int32]>([])

    var descriptors: [Int32] { collected.withLock { $0 } }

    /// Adds `descriptor` (once) and returns its index in the list.
    func register(_ descriptor: Int32) -> Int {
        collected.withLock { list in
            if let index = list.firstIndex(of: descriptor) { return index }
            list.append(descriptor)
            return list.count - 1
        }
    }
}

/// The child's side of a handover: index `i` of the parent's list arrived as
/// `descriptors[i]` in this process.
final class DescriptorTable: Sendable {
    static let key = CodingUserInfoKey(rawValue: "multiprocessing.descriptor-table")!

    let descriptors: [Int32]

    init(descriptors: [Int32]) {
        self.descriptors = descriptors
    }

    func descriptor(at index: Int) throws -> Int32 {
        guard descriptors.indices.contains(index) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: [], debugDescription: "descriptor index \(index) was not handed to this process"))
        }
        return descriptors[index]
    }
}
