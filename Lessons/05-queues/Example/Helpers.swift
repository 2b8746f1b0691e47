import Glibc

// region: say
/// Prints one line and flushes it at once, so that lines from several
/// processes sharing one pipe arrive in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

/// Sleeps for `seconds`, a fraction of a second if you like.
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}

// region: timing
/// How many seconds `work` took to run.
func secondsTaken(_ work: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try work()
    let parts = (clock.now - start).components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}
// endregion: timing

/// `value` written with three digits after the point, e.g. `0.042`.
func threeDecimals(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}
