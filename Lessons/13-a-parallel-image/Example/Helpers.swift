import Glibc
import Multiprocessing

// region: say
/// Prints one line and flushes it at once, so that lines from several
/// processes sharing one pipe arrive whole and in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Who is printing: "PoolWorker-1 (pid 4242)".
func me() -> String {
    let process = MP.currentProcess
    return "\(process.name) (pid \(process.pid), thread \(MP.Threads.currentProcess.name))"
}
// endregion: say

// region: timing
/// How many seconds `work` took, with what it returned.
func timed<Result>(_ work: () throws -> Result) rethrows -> (result: Result, seconds: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try work()
    let parts = (clock.now - start).components
    return (result, Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
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

/// What kind of pool this is, without the module's name: "MP.Pool" or
/// "MP.Threads.Pool".
func kind(of pool: Any) -> String {
    String(reflecting: type(of: pool)).replacing("Multiprocessing.", with: "")
}
