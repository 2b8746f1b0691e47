import Glibc
import Multiprocessing

// Exercise 12, the reference solution: an at-exit handler stops every
// child still running, however the program ends.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// A long-running child: it says it is up, meets the main program at the
/// barrier, then sleeps until someone stops it. (A real watcher would look
/// at something now and then; this one only sleeps, so it costs no CPU.)
enum Watcher: MP.ProcessTarget {
    static func run(_ ready: MP.Barrier) throws {
        say("\(MP.currentProcess.name) (pid \(MP.currentProcess.pid)) is watching")
        _ = try ready.wait()
        while true { sleep(1) }
    }
}

/// Runs one job of the main program; `stop` ends the program on the spot.
func work(on job: String) {
    if job == "stop" {
        say("main: stop: ending the program now")
        exit(0)
    }
    guard let n = Int(job) else {
        say("main: job \(job): not a number, skipped")
        return
    }
    say("main: job \(n): \(n) squared is \(n * n)")
}

// Registered after MP.bootstrap(), so it runs before the core's own exit
// work (handlers run in reverse order), which would wait for the watchers.
atexit {
    let running = MP.activeChildren().sorted { $0.name < $1.name }
    say("main: at exit, \(running.count) children still running")
    for child in running {
        try? child.terminate()
        _ = try? child.join(timeout: 5)
        say("main: terminated \(child.name) (pid \(child.pid ?? 0)), exit code \(child.exitCode.map(String.init) ?? "none")")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let first = arguments.first, let count = Int(first), (1...8).contains(count) else {
    say("usage: WATCHERS JOB... (1 to 8 watchers; a job is a number, or stop)")
    exit(2)
}
let ready = try MP.Barrier(parties: count + 1, timeout: 10)
say("main: starting \(count) watchers")
let watchers = (1...count).map { MP.Process(target: Watcher.self, argument: ready, name: "Watcher-\($0)") }
for watcher in watchers { try watcher.start() }
_ = try ready.wait()
for job in arguments.dropFirst() { work(on: job) }
say("main: all jobs done")
