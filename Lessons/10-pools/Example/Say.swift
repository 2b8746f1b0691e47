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

/// Sleeps for `seconds`, a fraction of a second if you like.
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}

// region: who
/// "PoolWorker-1 (pid 4242), PoolWorker-2 (pid 4243), ...": the processes,
/// sorted by name.
func roll(_ processes: [MP.Process]) -> String {
    processes.sorted { $0.name < $1.name }.map { "\($0.name) (pid \($0.pid ?? 0))" }.joined(separator: ", ")
}
// endregion: who
