import Glibc
import Multiprocessing

// region: say
/// Prints one line and flushes it at once, so lines from several processes
/// sharing one pipe arrive whole and in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

// region: timing
/// Runs `body` and returns its result with the seconds it took.
func timed<Result>(_ body: () throws -> Result) rethrows -> (result: Result, seconds: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let elapsed = (clock.now - start).components
    return (result, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
}

/// `value` with exactly `places` digits after the point.
func fixed(_ value: Double, places: Int) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((value * Double(scale)).rounded())
    let fraction = String(scaled % scale)
    return "\(scaled / scale)." + String(repeating: "0", count: places - fraction.count) + fraction
}
// endregion: timing

// region: me
/// Who is printing: "Squarer-7 (pid 4242)". Every line a child prints
/// starts with this, so a line says which process it comes from.
func me() -> String {
    let process = MP.currentProcess
    return "\(process.name) (pid \(process.pid))"
}
// endregion: me
