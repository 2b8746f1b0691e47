import Glibc

// region: say
/// Prints one line and hands it to the operating system at once.
///
/// When standard output is a pipe (as when the workbook runs this example),
/// `print` keeps lines in a buffer until it is full or the process ends.
/// Flushing after every line lets lines from several processes arrive in
/// the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: say

// region: nap
/// Sleeps for `seconds` (a fraction of a second is fine).
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}
// endregion: nap
