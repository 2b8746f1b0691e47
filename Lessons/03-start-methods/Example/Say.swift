import Glibc

// region: say
/// Prints one line and flushes it at once, so lines from several processes
/// sharing one pipe arrive in the order they were printed (see chapter 2).
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say
