// CHEAT: chapter 1 keeps its pool of two but sums in the parent
// CAUGHT-BY: `cpu of processes named PoolWorker-.* >= 50 ms` is false
// A copy of the lesson example's main.swift with one change; the other files link to the lesson's.
// region: bootstrap
import Dispatch
import Multiprocessing
import Synchronization

MP.bootstrap()  // before anything else runs; chapter 3 says why
// endregion: bootstrap

// region: inputs
let inputs = Array(stride(from: 0, through: 70_000, by: 500))
print("Sum of the primes below n, for n = 0, 500, ..., 70000 (\(inputs.count) values)")
// endregion: inputs

// region: one-thread
let one = timed {
    inputs.reduce(0) { total, n in total + sumOfPrimes(below: n) }
}
print("1 thread: total \(one.result), \(fixed(one.seconds, places: 2)) s")
// endregion: one-thread

// region: two-threads
let two = timed { () -> Int in
    let nextIndex = Mutex(0)  // the shared work queue: the next input to take
    let total = Mutex(0)
    DispatchQueue.concurrentPerform(iterations: 2) { _ in
        while true {
            let index = nextIndex.withLock { next in
                defer { next += 1 }
                return next
            }
            guard index < inputs.count else { return }
            let sum = sumOfPrimes(below: inputs[index])
            total.withLock { $0 += sum }
        }
    }
    return total.withLock { $0 }
}
print("2 threads: total \(two.result), \(fixed(two.seconds, places: 2)) s, speed-up \(fixed(one.seconds / two.seconds, places: 2))x")
// endregion: two-threads

// region: two-processes
let processes = try timed { () -> Int in
    try MP.withPool(processes: 2) { pool in
        _ = try pool.map(SumOfPrimes.self, [0, 0])  // the workers idle...
        return inputs.reduce(0) { total, n in total + sumOfPrimes(below: n) }  // ...while the parent sums
    }
}
print("2 processes: total \(processes.result), \(fixed(processes.seconds, places: 2)) s, speed-up \(fixed(one.seconds / processes.seconds, places: 2))x")
// endregion: two-processes

// region: agree
print("The three totals agree: \(one.result == two.result && two.result == processes.result)")
// endregion: agree

// region: start-cost
let starts = 10
let startCost = try timed {
    for _ in 0..<starts {
        let child = MP.Process(target: DoNothing.self)
        try child.start()
        try child.join()
    }
}
print("Starting and joining one empty process (\(MP.startMethod)): \(fixed(startCost.seconds / Double(starts) * 1000, places: 1)) ms")
// endregion: start-cost

// region: crash
let crasher = MP.Process(target: ReadPastTheEnd.self, argument: 7)
try crasher.start()
try crasher.join()
let code = crasher.exitCode ?? 0
print("\(crasher.name) (pid \(crasher.pid ?? 0)) crashed: exit code \(code), killed by signal \(-code)")
print("The main program is still running; one more sum: \(sumOfPrimes(below: 100))")
// endregion: crash
