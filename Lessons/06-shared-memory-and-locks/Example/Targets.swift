import Glibc
import Multiprocessing

// region: fill-in
/// What the parent hands to `FillIn`: a shared number and a shared array.
struct SharedNumbers: Codable {
    let number: MP.Value<Double>
    let array: MP.Array<Int32>
}

/// Writes pi into the shared number and negates every element of the array.
enum FillIn: MP.ProcessTarget {
    static func run(_ shared: SharedNumbers) throws {
        say("\(me()) sees number \(shared.number.value) and array \(shared.array.toArray())")
        shared.number.value = 3.1415927
        for i in 0..<shared.array.count {
            shared.array[i] = -shared.array[i]
        }
        say("\(me()) wrote pi and negated the array")
    }
}
// endregion: fill-in

// region: adders
/// A shared counter and how many times to add 1 to it.
struct Counting: Codable {
    let counter: MP.Value<Int64>
    let times: Int
}

/// Adds 1 with `value += 1`: a read, then a write.
enum AddByReadThenWrite: MP.ProcessTarget {
    static func run(_ job: Counting) throws {
        for _ in 0..<job.times {
            job.counter.value += 1
        }
        say("\(me()) added 1 to the counter \(job.times) times with value += 1")
    }
}

/// Adds 1 with `withLock`: the read and the write happen under one lock.
enum AddUnderLock: MP.ProcessTarget {
    static func run(_ job: Counting) throws {
        for _ in 0..<job.times {
            try job.counter.withLock { $0 += 1 }
        }
        say("\(me()) added 1 to the counter \(job.times) times with withLock")
    }
}
// endregion: adders

// region: count-under-lock
/// A lock and the numbers to count through while holding it.
struct CountingRun: Codable {
    let lock: MP.Lock
    let from: Int
    let through: Int
    let step: Int
}

/// Takes the lock, counts and prints each number, and only then lets go.
enum CountUnderLock: MP.ProcessTarget {
    static func run(_ job: CountingRun) throws {
        try job.lock.withLock {
            say("\(me()) has the lock")
            for n in stride(from: job.from, through: job.through, by: job.step) {
                say("\(me()) counts \(n)")
                nap(0.02)
            }
            say("\(me()) is done and lets the lock go")
        }
    }
}
// endregion: count-under-lock

// region: stranger
/// Two locks the main program holds while this child runs.
struct HeldLocks: Codable {
    let rlock: MP.RLock
    let lock: MP.Lock
}

/// Tries to release two locks it never acquired.
enum ReleasesOthersLocks: MP.ProcessTarget {
    static func run(_ locks: HeldLocks) throws {
        do {
            try locks.rlock.release()
            say("\(me()) released the main program's RLock")
        } catch let error as MP.SynchronizeError {
            say("\(me()) cannot release the RLock: \(error)")
        }
        do {
            try locks.lock.release()
            say("\(me()) released the main program's Lock")
        } catch let error as MP.SynchronizeError {
            say("\(me()) cannot release the Lock: \(error)")
        }
    }
}
// endregion: stranger

// region: dies-holding
/// A lock and the two accounts it guards.
struct Bank: Codable {
    let lock: MP.Lock
    let accounts: MP.Array<Int64>
}

/// Starts moving 50 from account 0 to account 1 under the lock, and is
/// killed half way, still holding the lock.
enum DiesHoldingTheLock: MP.ProcessTarget {
    static func run(_ bank: Bank) throws {
        try bank.lock.acquire()
        bank.accounts[0] -= 50
        say("\(me()) holds the lock, took 50 out of account 0, and is killed before paying it in")
        kill(getpid(), SIGKILL)  // as if the kernel's out-of-memory killer chose it
        bank.accounts[1] += 50  // never runs
        try bank.lock.release()
    }
}
// endregion: dies-holding
