import Glibc
import Multiprocessing

// region: say
/// Prints one line and flushes it at once, so lines from several processes
/// sharing one pipe arrive whole and in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Who is printing: "Getter (pid 4242)".
func me() -> String {
    let process = MP.currentProcess
    return "\(process.name) (pid \(process.pid))"
}
// endregion: say
