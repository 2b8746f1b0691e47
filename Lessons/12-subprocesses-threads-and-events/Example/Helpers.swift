import Glibc

// region: say
/// Prints one line and flushes it at once, so that lines from several
/// processes (or threads) sharing one pipe arrive whole, in the order they
/// were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

/// Sleeps for `seconds`, a fraction of a second if you like.
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}
