import Glibc
import Multiprocessing

// region: say
/// Prints one line and flushes it at once, so that lines from several
/// processes sharing one pipe arrive whole, in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Who is printing: "Watcher-1 (pid 4242)".
func me() -> String {
    let process = MP.currentProcess
    return "\(process.name) (pid \(process.pid))"
}

/// Sleeps for `seconds`, a fraction of a second if you like.
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}
// endregion: say

// region: proc
/// What the kernel says about a process in /proc/PID/stat: its state
/// (R running, S sleeping, Z zombie, ...) and its parent's pid; nil when
/// there is no such process any more.
func procStat(_ pid: Int32) -> (state: String, parent: Int32)? {
    let file = open("/proc/\(pid)/stat", O_RDONLY)
    guard file >= 0 else { return nil }
    defer { close(file) }
    var bytes = [UInt8](repeating: 0, count: 512)
    let count = read(file, &bytes, bytes.count)
    guard count > 0 else { return nil }
    // "PID (NAME) STATE PPID ...": the name may hold spaces, so look
    // after the last ')'.
    let text = String(decoding: bytes[..<count], as: UTF8.self)
    guard let close = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count >= 2, let parent = Int32(fields[1]) else { return nil }
    return (String(fields[0]), parent)
}
// endregion: proc

// region: timing
/// How many seconds `work` took.
func seconds(_ work: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try work()
    let parts = (clock.now - start).components
    return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
}

/// `value` with exactly two digits after the point.
func twoDecimals(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = String(hundredths % 100)
    return "\(hundredths / 100)." + String(repeating: "0", count: 2 - fraction.count) + fraction
}
// endregion: timing

// region: name
/// Sets this process's name, as the kernel shows it (15 bytes at most).
func nameMyself(_ name: String) {
    let file = open("/proc/self/comm", O_WRONLY)
    guard file >= 0 else { return }
    _ = name.withCString { write(file, $0, strlen($0)) }
    close(file)
}
// endregion: name
