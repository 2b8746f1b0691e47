import Glibc
import Multiprocessing

// region: say
/// Prints one line and hands it to the operating system at once, so that
/// lines from several processes reach the pipe in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

/// Sleeps for `seconds` (a fraction of a second is fine).
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}

// region: clock
/// Seconds on the system's monotonic clock. Every process on the machine
/// reads the same clock, so a time taken in one process can be compared
/// with a time taken in another.
func secondsNow() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
// endregion: clock

/// `value` with exactly `places` digits after the point.
func fixed(_ value: Double, places: Int) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let whole = scaled / scale
    let fraction = String(scaled % scale)
    return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
}

// region: me
/// How a process names itself in its lines: its name and its own pid.
func me() -> String {
    "\(MP.currentProcess.name) (pid \(MP.currentProcess.pid))"
}
// endregion: me
