import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: value-and-array
let number = try MP.Value<Double>(0.0)
let array = try MP.Array<Int32>(Array(0..<10))
let filler = MP.Process(target: FillIn.self, argument: SharedNumbers(number: number, array: array))
try filler.start()
try filler.join()
say("main program reads number.value: \(number.value)")
say("main program reads array: \(array.toArray())")
// endregion: value-and-array

// region: race
/// Starts two children that each add 1 to `counter` `times` times, waits
/// for both, and prints what the counter holds.
func race<Adder: MP.ProcessTarget>(_ adder: Adder.Type, counter: MP.Value<Int64>, times: Int, title: String)
    throws where Adder.Argument == Counting
{
    let job = Counting(counter: counter, times: times)
    let clock = ContinuousClock()
    let started = clock.now
    let adders = [1, 2].map { MP.Process(target: adder, argument: job, name: "adder-\($0)") }
    for process in adders { try process.start() }
    for process in adders { try process.join() }
    let milliseconds = Int((clock.now - started) / .milliseconds(1))
    let total = counter.value
    say("\(title): total \(total) of \(2 * times) (\(2 * Int64(times) - total) updates lost) in \(milliseconds) ms")
}

let times = 500_000
try race(AddByReadThenWrite.self, counter: try MP.Value<Int64>(0, lock: .none), times: times,
         title: "no lock, value += 1")
try race(AddByReadThenWrite.self, counter: try MP.Value<Int64>(0), times: times,
         title: "own lock, value += 1")
try race(AddUnderLock.self, counter: try MP.Value<Int64>(0), times: times,
         title: "own lock, withLock { $0 += 1 }")
// endregion: race

// region: two-counters
let lock = try MP.Lock()
let counters = [
    MP.Process(target: CountUnderLock.self,
               argument: CountingRun(lock: lock, from: 0, through: 300, step: 50), name: "counter-low"),
    MP.Process(target: CountUnderLock.self,
               argument: CountingRun(lock: lock, from: 450, through: 600, step: 30), name: "counter-high"),
]
for process in counters { try process.start() }
for process in counters { try process.join() }
say("main program: both counters have finished")
// endregion: two-counters

// region: who-may-release
let rlock = try MP.RLock()
try rlock.acquire()
try rlock.acquire()  // re-entrant: its holder may take it again
say("main program holds the RLock twice; held by me: \(rlock.isHeldByCurrentThread)")
let plainLock = try MP.Lock()
try plainLock.acquire()
let again = try plainLock.acquire(timeout: 0.1)  // not re-entrant: this waits, then gives up
say("main program holds the Lock; a second acquire by me succeeded: \(again)")

let stranger = MP.Process(target: ReleasesOthersLocks.self, argument: HeldLocks(rlock: rlock, lock: plainLock),
                          name: "stranger")
try stranger.start()
try stranger.join()
say("main program after the stranger: RLock held by me: \(rlock.isHeldByCurrentThread); Lock locked: \(plainLock.isLocked)")
try rlock.release()
try rlock.release()
say("main program released the RLock twice; held by me: \(rlock.isHeldByCurrentThread)")
// endregion: who-may-release

// region: abandoned
let bankLock = try MP.Lock()
let accounts = try MP.Array<Int64>([100, 0], lock: .none)  // bankLock guards them
let doomed = MP.Process(target: DiesHoldingTheLock.self, argument: Bank(lock: bankLock, accounts: accounts),
                        name: "doomed")
try doomed.start()
try doomed.join()
say("main program: doomed (pid \(doomed.pid ?? 0)) ended with exit code \(doomed.exitCode ?? 99); lock locked: \(bankLock.isLocked)")
do {
    try bankLock.acquire()
    say("main program acquired the lock as usual")
} catch let error as MP.AbandonedLockError {
    say("main program: acquire() threw AbandonedLockError: \(error)")
    say("main program now holds the lock; the accounts read \(accounts.toArray())")
    accounts[1] += 50  // finish the transfer the dead process started
    say("main program finished the transfer: \(accounts.toArray())")
}
try bankLock.release()
say("main program released the lock; locked: \(bankLock.isLocked)")
// endregion: abandoned
