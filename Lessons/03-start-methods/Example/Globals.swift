// region: globals
/// A global the main program changes after it has started. Each process has
/// its own copy of it; which value a child sees depends on where its memory
/// came from.
nonisolated(unsafe) var greeting = "as compiled"

/// A counter a forked child changes in its own copy of memory.
nonisolated(unsafe) var counter = 0
// endregion: globals
