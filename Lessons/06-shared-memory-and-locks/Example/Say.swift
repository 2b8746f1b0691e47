import Glibc
import Multiprocessing

// region: say
/// Prints one line and hands it to the operating system at once, so lines
/// from several processes sharing one pipe arrive in the order they were
/// printed (chapter 2 explains why).
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

/// Sleeps for `seconds` (a fraction of a second is fine).
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}

// region: me
/// How a child names itself in every line it prints: its process name and pid.
func me() -> String {
    let process = MP.currentProcess
    return "\(process.name) (pid \(process.pid))"
}
// endregion: me
