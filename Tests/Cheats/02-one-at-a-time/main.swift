// CHEAT: chapter 2 starts and joins the letter processes one at a time
// CAUGHT-BY: `processes named Process-[123] overlap` is false
// A copy of the lesson example's main.swift with one change; the other files link to the lesson's.
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: letters
say("Starting")
let letters = ["A", "B", "C"].map { MP.Process(target: PrintLetter.self, argument: $0) }
for process in letters {
    try process.start()
    try process.join()  // each child runs alone: nothing interleaves
}
say("Done")
// endregion: letters

// region: basics
let greeter = MP.Process(target: Greeter.self, argument: "bob")
say("before start: \(greeter.name), pid \(String(describing: greeter.pid)), alive \(greeter.isAlive), exit code \(String(describing: greeter.exitCode))")
try greeter.start()
say("after start: alive \(greeter.isAlive)")
try greeter.join()
say("after join: \(greeter.name) had pid \(greeter.pid ?? 0), alive \(greeter.isAlive), exit code \(greeter.exitCode ?? 99)")
// endregion: basics

// region: exit-codes
let returns = MP.Process(target: Returns.self)
let exits = MP.Process(target: ExitsWith.self, argument: 3)
let throwsError = MP.Process(target: Throws.self)
let killed = MP.Process(target: SleepsLong.self, argument: 30)
for process in [returns, exits, throwsError, killed] { try process.start() }
nap(0.2)  // give them a moment to get going
try killed.kill()
for (what, process) in [("returned", returns), ("called exit(3)", exits), ("threw an error", throwsError), ("was killed", killed)] {
    try process.join()
    say("\(process.name) \(what): pid \(process.pid ?? 0), exit code \(process.exitCode ?? 99)")
}
// endregion: exit-codes

// region: daemon
let forever = MP.Process(target: Forever.self, daemon: true)
try forever.start()
nap(0.2)
say("\(forever.name) has pid \(forever.pid ?? 0); daemon \(forever.daemon); alive \(forever.isAlive)")
let late = MP.Process(target: FinishesLate.self)
try late.start()
say("The main program's last line")
// endregion: daemon
