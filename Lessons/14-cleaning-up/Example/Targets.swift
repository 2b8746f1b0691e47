import Glibc
import Multiprocessing

// region: watcher
/// Watches something for ever (here it only sleeps): it never ends on its own.
enum Watcher: MP.ProcessTarget {
    static func run(_ ready: MP.Barrier) throws {
        say("\(me()): watching, and never stopping on my own")
        _ = try ready.wait()          // tell the main program it is up
        while true { nap(0.1) }
    }
}
// endregion: watcher

// region: household
/// Starts a daemon child and an ordinary one, and returns without joining
/// either: what happens to them is up to the core's exit cleanup.
enum Household: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        let daemonUp = try MP.Event()
        let daemon = MP.Process(target: Forever.self, argument: daemonUp, name: "DaemonChild", daemon: true)
        let ordinary = MP.Process(target: FinishesLate.self, argument: daemonUp, name: "OrdinaryChild")
        try daemon.start()
        try ordinary.start()
        guard daemonUp.wait(timeout: 10) else { throw Stuck() }
        say("\(me()): started DaemonChild (pid \(daemon.pid ?? 0)) and OrdinaryChild (pid \(ordinary.pid ?? 0)); returning without joining them")
    }
}

/// Would run for ever: says it is up, then sleeps in a loop.
enum Forever: MP.ProcessTarget {
    static func run(_ up: MP.Event) throws {
        say("\(me()): a daemon, running until someone stops me")
        up.set()
        while true { nap(0.05) }
    }
}

/// Finishes 0.3 s after the daemon is up.
enum FinishesLate: MP.ProcessTarget {
    static func run(_ daemonUp: MP.Event) throws {
        guard daemonUp.wait(timeout: 10) else { throw Stuck() }
        nap(0.3)
        say("\(me()): not a daemon; finished my work")
    }
}

/// Something that should have happened within seconds did not.
struct Stuck: Error {}
// endregion: household

// region: doomed
/// Starts a grandchild of the main program, reports its pid, then waits to
/// be killed.
enum Doomed: MP.ProcessTarget {
    static func run(_ report: MP.Queue<Int32>) throws {
        let up = try MP.Event()
        let grandchild = MP.Process(target: Grandchild.self, argument: up, name: "Grandchild")
        try grandchild.start()
        guard up.wait(timeout: 10), let pid = grandchild.pid else { throw Stuck() }
        say("\(me()): started Grandchild (pid \(pid)); now I wait to be killed")
        try report.put(pid)
        while true { nap(0.1) }
    }
}

/// Sleeps for ever, a child of Doomed.
enum Grandchild: MP.ProcessTarget {
    static func run(_ up: MP.Event) throws {
        let parent = MP.parentProcess
        say("\(me()): my parent is \(parent?.name ?? "?") (pid \(parent?.pid ?? 0)); sleeping for ever")
        up.set()
        while true { nap(0.1) }
    }
}
// endregion: doomed

// region: brief
/// Ends at once.
enum Brief: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        say("\(me()): done, ending now")
    }
}
// endregion: brief

// region: count-down
/// What every count-down step subtracts. A variable, so that the compiler
/// cannot work out the loop's result and skip it.
nonisolated(unsafe) var step = 1

/// Counts `n` down to zero, one step at a time: pure CPU work.
func countDown(_ n: Int) {
    let decrement = step
    var left = n
    while left > 0 { left -= decrement }
}

/// A share of the count, as a target for a thread or a process.
enum CountDown: MP.ProcessTarget {
    static func run(_ share: Int) throws {
        countDown(share)
    }
}
// endregion: count-down
