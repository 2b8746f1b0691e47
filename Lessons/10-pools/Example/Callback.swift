import Dispatch
import Synchronization

// region: callback-state
/// How many times the callback has run, and a signal it gives each time.
/// The callback runs on a thread of the pool's, so both are thread-safe.
let callbackRuns = Atomic<Int>(0)
let callbackRan = DispatchSemaphore(value: 0)
// endregion: callback-state
