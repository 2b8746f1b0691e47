import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: at-exit
// Runs when the program ends, before the core's own clean-up (handlers run
// in the reverse order of registration, and MP.bootstrap() registered first).
atexit {
    let running = MP.activeChildren().sorted { $0.name < $1.name }
    say("main: at exit, \(running.count) children still running")
    for child in running {
        try? child.terminate()                           // SIGTERM: please stop
        if (try? child.join(timeout: 2)) != true {       // it would not:
            try? child.kill()                            // SIGKILL cannot be refused
            _ = try? child.join()
        }
        say("main: at exit, terminated \(child.name) (pid \(child.pid ?? 0)): exit code \(child.exitCode ?? 99)")
    }
}
// endregion: at-exit

// region: watchers
let ready = try MP.Barrier(parties: 3, timeout: 10)   // the two watchers and main
let watchers = (1...2).map { MP.Process(target: Watcher.self, argument: ready, name: "Watcher-\($0)") }
for watcher in watchers { try watcher.start() }
_ = try ready.wait()
say("main: started Watcher-1 and Watcher-2, which never end; nobody will join them")
// endregion: watchers

// region: household-run
let household = MP.Process(target: Household.self, name: "Household")
try household.start()
try household.join()
say("main: Household (pid \(household.pid ?? 0)) ended with exit code \(household.exitCode ?? 99)")
// endregion: household-run

// region: doomed-run
let pids = try MP.Queue<Int32>()
let doomed = MP.Process(target: Doomed.self, argument: pids, name: "Doomed")
try doomed.start()
let grandchild = try pids.get(timeout: 10)
say("main: killing Doomed (pid \(doomed.pid ?? 0)) with SIGKILL; its child Grandchild has pid \(grandchild)")
try doomed.kill()
try doomed.join()
say("main: Doomed ended with exit code \(doomed.exitCode ?? 99)")
var seen = procStat(grandchild)
var waited = 0.0
while let stat = seen, stat.state != "Z", waited < 5 {   // until it is gone (or a zombie)
    nap(0.05)
    waited += 0.05
    seen = procStat(grandchild)
}
let fate = seen.map { "still there, state \($0.state)" } ?? "gone"
say("main: /proc/\(grandchild) (Grandchild): \(fate)")
// endregion: doomed-run

// region: zombie
let forked = MP.context(.fork)   // a child of this program itself, under every start method
let brief = forked.process(target: Brief.self, name: "Brief")
try brief.start()
let briefPid = brief.pid ?? 0
_ = try MP.wait([brief.sentinel])   // until Brief has ended; this does not reap it
let before = procStat(briefPid).map { "state \($0.state), parent \($0.parent)" } ?? "gone"
say("main (pid \(getpid())): Brief has ended; /proc/\(briefPid)/stat: \(before)")
try brief.join()                      // join() reaps it
let after = procStat(briefPid).map { "still there, state \($0.state)" } ?? "gone"
say("main: after join(): exit code \(brief.exitCode ?? 99), /proc/\(briefPid) is \(after)")
// endregion: zombie

// region: race
let total = 400_000_000
say("main (pid \(getpid())): counting \(total) down to zero")
let serial = seconds { countDown(total) }
say("main: 1 thread: \(twoDecimals(serial)) s")

/// Prints one time, and how it compares with the serial one.
func compare(_ label: String, _ time: Double) {
    say("main: \(label): \(twoDecimals(time)) s, \(twoDecimals(time / serial)) of the serial time")
}

for count in [2, 10] {
    let time = try seconds {
        let threads = (1...count).map { _ in MP.Threads.Process(target: CountDown.self, argument: total / count) }
        for thread in threads { try thread.start() }
        for thread in threads { try thread.join() }
    }
    compare("\(count) threads", time)
}
for (count, name) in [(2, "TwoCounters"), (10, "TenCounters")] {
    let time = try seconds {
        let processes = (1...count).map {
            MP.Process(target: CountDown.self, argument: total / count, name: "\(name)-\($0)")
        }
        for process in processes { try process.start() }
        for process in processes { try process.join() }
    }
    compare("\(count) processes", time)
}
// endregion: race

// region: raw-fork
let forkTime = seconds {
    fflush(nil)                       // or the child would print this buffer again
    let child = fork()
    if child == 0 {                   // the child: a copy of this program, one thread
        nameMyself("RawFork")
        countDown(total / 2)
        say("RawFork (pid \(getpid())): counted my half; my parent is \(getppid())")
        _exit(0)                      // not exit(): see below
    }
    countDown(total / 2)              // the parent counts the other half
    var status: Int32 = 0
    waitpid(child, &status, 0)
}
compare("raw fork", forkTime)
// endregion: raw-fork

// region: last-line
say("main: the last line of the program")
// endregion: last-line
