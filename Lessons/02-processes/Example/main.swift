import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: letters
say("Starting")
let letters = ["A", "B", "C"].map { MP.Process(target: PrintLetter.self, argument: $0) }
for process in letters { try process.start() }
for process in letters { try process.join() }
say("Done")
// endregion: letters

// region: basics
let greeter = MP.Process(target: Greeter.self, argument: "bob")
say("before start: \(try greeter.name), pid \(String(describing: try greeter.pid)), alive \(try greeter.isAlive), exit code \(String(describing: try greeter.exitCode))")
try greeter.start()
say("after start: alive \(try greeter.isAlive)")
try greeter.join()
say("after join: \(try greeter.name) had pid \(try greeter.pid ?? 0), alive \(try greeter.isAlive), exit code \(try greeter.exitCode ?? 99)")
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
    say("\(try process.name) \(what): pid \(try process.pid ?? 0), exit code \(try process.exitCode ?? 99)")
}
// endregion: exit-codes

// region: daemon
let forever = MP.Process(target: Forever.self, daemon: true)
try forever.start()
nap(0.2)
say("\(try forever.name) has pid \(try forever.pid ?? 0); daemon \(try forever.daemon); alive \(try forever.isAlive)")
let late = MP.Process(target: FinishesLate.self)
try late.start()
say("The main program's last line")
// endregion: daemon
