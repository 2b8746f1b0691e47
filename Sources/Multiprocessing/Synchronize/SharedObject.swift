#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// What every synchronisation object shares: one shared region, handed to
/// children as a descriptor and mapped again there.
protocol SharedObject: AnyObject, Codable {
    var region: SharedRegion { get }
    init(region: SharedRegion) throws
}

enum SharedObjectCodingKeys: String, CodingKey {
    case region
}

extension SharedObject {
    func encodeRegion(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: SharedObjectCodingKeys.self)
        try container.encode(SharedRegionHandle(region, for: encoder), forKey: .region)
    }

    static func decodeRegion(from decoder: any Decoder) throws -> SharedRegion {
        let container = try decoder.container(keyedBy: SharedObjectCodingKeys.self)
        return try container.decode(SharedRegionHandle.self, forKey: .region).attach(for: decoder)
    }
}

/// Converts a Python-style (block, timeout) pair to the C functions' timeout:
/// negative waits for ever, zero only tries.
func cTimeout(block: Bool, timeout: Double?) -> Double {
    guard block else { return 0 }
    guard let timeout else { return -1 }
    return max(0, timeout)
}

/// The calling thread's system-wide thread id.
func currentThreadID() -> UInt32 {
    mp_thread_id()
}
