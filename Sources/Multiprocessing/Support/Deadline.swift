#if canImport(Glibc)
import Glibc
#endif

/// A point on the monotonic clock after which a blocking call gives up.
/// A nil timeout means no deadline; a negative timeout counts as zero.
struct Deadline {
    private let end: Double?

    init(timeout: Double?) {
        end = timeout.map { Deadline.now() + max(0, $0) }
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    var hasPassed: Bool {
        guard let end else { return false }
        return Deadline.now() >= end
    }

    /// Remaining time in seconds (nil without a deadline, never negative).
    var remaining: Double? {
        end.map { max(0, $0 - Deadline.now()) }
    }

    /// Remaining time for poll(2): -1 for ever, otherwise rounded up so a
    /// poll never returns a millisecond early and spins.
    var remainingMilliseconds: Int32 {
        guard let remaining else { return -1 }
        return Int32(min((remaining * 1000).rounded(.up), Double(Int32.max)))
    }
}
