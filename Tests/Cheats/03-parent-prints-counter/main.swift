// CHEAT: chapter 3: the parent prints the fork child's counter line
// CAUGHT-BY: has that text, but it was written by the main program
// A copy of the lesson example's main.swift with one change; the other files link to the lesson's.
import Dispatch
import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: side-by-side
greeting = "changed by main"
say("main program: pid \(getpid()), default start method \(MP.startMethod)")
for method in [MP.StartMethod.spawn, .fork, .forkserver] {
    let child = MP.context(method).process(target: WhoAmI.self)
    try child.start()
    try child.join()
}
// endregion: side-by-side

// region: fork-copies
let forked = MP.context(.fork).process {
    counter += 1
}
say("fork child: counter is 1")  // the parent says what the child would have said
try forked.start()
try forked.join()
say("main program: counter is still \(counter)")
// endregion: fork-copies

// region: closure-refused
for method in [MP.StartMethod.spawn, .forkserver] {
    do {
        try MP.context(method).process { say("never printed") }.start()
    } catch let error as MP.StartError where error == .closureNeedsFork(method) {
        say("\(method) refuses a closure: \(error)")
    }
}
// endregion: closure-refused

// region: dispatch-in-parent
// From here on the main program has Dispatch's worker threads.
let squares = DispatchQueue.global().sync { (1...4).map { $0 * $0 } }
DispatchQueue.concurrentPerform(iterations: 2) { _ in usleep(1_000) }
say("main program used Dispatch: \(squares)")
// endregion: dispatch-in-parent

// region: dispatch-in-children
for method in [MP.StartMethod.forkserver, .spawn] {
    let child = MP.context(method).process(target: UsesDispatch.self)
    try child.start()
    try child.join()
    say("\(method) child: exit code \(child.exitCode ?? 99)")
}
// endregion: dispatch-in-children

// region: fork-hazard
let stuck = MP.context(.fork).process(target: UsesDispatch.self)
try stuck.start()
if try stuck.join(timeout: 1) {
    say("fork child: finished by itself, exit code \(stuck.exitCode ?? 99)")
} else {
    say("fork child (pid \(stuck.pid ?? 0)): still waiting for Dispatch after 1 s; killing it")
    try stuck.kill()
    try stuck.join()
    say("fork child: exit code \(stuck.exitCode ?? 99)")
}
// endregion: fork-hazard
