#if canImport(Glibc)
import Glibc
#endif

/// A short, bounded spin before a receive blocks.
///
/// Why: when a message is answered quickly (a ping-pong, a pool worker
/// returning a small result), most of a round trip is the kernel waking the
/// sleeping receiver on another CPU: measured here, 50-55 µs per round trip
/// between CPUs against 13 µs when both processes share one CPU. A receiver
/// that polls for a few tens of microseconds before sleeping is still on
/// its CPU when a quick answer arrives and takes it without being woken.
/// The spin gives up after `budget` seconds, so a receiver that waits long
/// costs at most that much CPU before it sleeps as usual. With a single
/// usable CPU it never spins: the sender needs that CPU to answer.
enum BriefSpin {
    /// The environment variable that sets the spin in microseconds (0: never spin).
    static let environmentVariable = "MP_SPIN_MICROSECONDS"

    /// How long a receive polls before it blocks, in seconds: 50 µs unless
    /// the environment says otherwise, and 0 with a single usable CPU.
    static let budget: Double = {
        guard MP.usableCPUCount > 1 else { return 0 }
        if let text = getenv(environmentVariable), let microseconds = Double(String(cString: text)) {
            return max(0, microseconds) / 1e6
        }
        return 50e-6
    }()

    /// Polls `descriptor` for up to `budget` before the caller blocks on it.
    static func waitReadable(_ descriptor: Int32) {
        guard budget > 0 else { return }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        withUnsafeMutablePointer(to: &entry) { spin(UnsafeMutableBufferPointer(start: $0, count: 1)) }
    }

    /// Polls `entries` (each with its own events) for up to `budget`
    /// before the caller blocks on them.
    static func waitReady(_ entries: inout [pollfd]) {
        guard budget > 0 else { return }
        entries.withUnsafeMutableBufferPointer { spin($0) }
    }

    private static func spin(_ entries: UnsafeMutableBufferPointer<pollfd>) {
        let count = nfds_t(entries.count)
        if poll(entries.baseAddress, count, 0) != 0 { return }
        let end = Deadline.now() + budget
        repeat {
            if poll(entries.baseAddress, count, 0) != 0 { return }
        } while Deadline.now() < end
    }
}
