import Multiprocessing

// region: helper-target
/// Takes jobs until the stop marker (nil), marking each one done.
enum Helper: MP.ProcessTarget {
    static func run(_ jobs: MP.JoinableQueue<Int?>) throws {
        let me = MP.currentProcess
        while let job = try jobs.get() {
            nap(0.02)  // pretend the job takes a while
            say("\(me.name) finished job \(job)")
            try jobs.taskDone()
        }
        try jobs.taskDone()  // the stop marker was put, so it counts as a task too
        say("\(me.name) (pid \(me.pid)) got the stop marker")
    }
}
// endregion: helper-target
