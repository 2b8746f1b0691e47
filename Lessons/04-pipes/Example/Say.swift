import Glibc
import Multiprocessing

// region: say
/// Prints one line and hands it to the operating system at once, so lines
/// from several processes arrive in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// How a child names itself in its own lines: its name and its pid.
func whoAmI() -> String {
    "\(MP.currentProcess.name) (pid \(MP.currentProcess.pid))"
}
// endregion: say

/// Sleeps for `seconds` (a fraction of a second is fine).
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}
