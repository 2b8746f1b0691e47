import Multiprocessing

// region: runner
/// What a runner needs: the start signal, and the time it was given.
struct StartLine: Codable {
    let go: MP.Event
    let goTime: MP.Value<Double>
}

/// Waits at the start line until the event is set, then says it started.
enum Runner: MP.ProcessTarget {
    static func run(_ line: StartLine) throws {
        say("\(me()) is waiting for the go")
        line.go.wait()
        let late = (secondsNow() - line.goTime.value) * 1000
        say("\(me()) started, \(fixed(late, places: 1)) ms after the go")
    }
}
// endregion: runner

// region: worker
/// A room: a door that lets only so many processes in at once, and two
/// shared counters, how many are inside now and the most ever inside.
struct Room: Codable {
    let door: MP.Semaphore
    let inside: MP.Value<Int32>
    let most: MP.Value<Int32>
}

/// Goes through the door, counts itself in, stays a while, counts itself out.
enum Worker: MP.ProcessTarget {
    static func run(_ room: Room) throws {
        try room.door.withAcquired {
            let now = try room.inside.withLock { count in
                count += 1
                return count
            }
            try room.most.withLock { most in most = max(most, now) }
            say("\(me()) entered; \(now) inside now")
            nap(0.15)
            try room.inside.withLock { count in count -= 1 }
            say("\(me()) leaves")
        }
    }
}
// endregion: worker

// region: shelf
/// The state the consumers wait on. No lock of its own: only ever read
/// or changed while holding the condition's lock.
struct Shelf {
    var produced: Int32 = 0
    var taken: Int32 = 0
    var closed = false
}

/// A shelf and the condition that says "something changed on it".
struct Shop: Codable {
    let changed: MP.Condition
    let shelf: MP.Value<Shelf>
}
// endregion: shelf

// region: producer
/// Puts six items on the shelf, one at a time, and wakes one consumer for
/// each; then closes the shelf and wakes every consumer.
enum Producer: MP.ProcessTarget {
    static func run(_ shop: Shop) throws {
        for item in 1...6 {
            nap(0.04)  // making an item takes a moment
            try shop.changed.withLock {
                shop.shelf.value.produced += 1
                say("\(me()) put item \(item) on the shelf")
                try shop.changed.notify()
            }
        }
        try shop.changed.withLock {
            shop.shelf.value.closed = true
            say("\(me()) closes the shelf and wakes every consumer")
            try shop.changed.notifyAll()
        }
    }
}
// endregion: producer

// region: consumer
/// Takes items until the shelf is closed and empty.
enum Consumer: MP.ProcessTarget {
    static func run(_ shop: Shop) throws {
        var count = 0
        while true {
            let item: Int32? = try shop.changed.withLock {
                try shop.changed.wait(for: {
                    shop.shelf.value.taken < shop.shelf.value.produced || shop.shelf.value.closed
                })
                guard shop.shelf.value.taken < shop.shelf.value.produced else { return nil }
                shop.shelf.value.taken += 1
                let item = shop.shelf.value.taken
                say("\(me()) took item \(item)")
                return item
            }
            guard item != nil else { break }
            count += 1
            nap(0.03)  // using the item, outside the lock
        }
        say("\(me()) goes home after \(count) items")
    }
}
// endregion: consumer

// region: phases
/// Which phase this process is in. Each process has its own copy; the
/// barrier action reads the copy of the process that runs it.
nonisolated(unsafe) var phaseOfThisProcess = 0

/// Run once per cycle of the barrier, by the last member to arrive.
enum PhaseDone: MP.BarrierAction {
    static func run() throws {
        say("barrier action: everyone finished phase \(phaseOfThisProcess); run once, by \(me())")
    }
}

/// A member's place in the team: its number and the barrier they share.
struct Seat: Codable {
    let number: Int
    let barrier: MP.Barrier
}

/// A member of a team: three phases of work, meeting at the barrier after each.
enum Member: MP.ProcessTarget {
    static func run(_ seat: Seat) throws {
        for phase in 1...3 {
            phaseOfThisProcess = phase
            say("\(me()) works on phase \(phase)")
            nap(0.02 * Double((seat.number + phase) % 3 + 1))  // members take different times
            say("\(me()) finished phase \(phase)")
            try seat.barrier.wait()
        }
    }
}
// endregion: phases

// region: accounts
/// A bank account in shared memory, with the lock that guards it.
struct Account: Codable {
    let name: String
    let lock: MP.Lock
    let balance: MP.Value<Int32>
}

/// A payment from one account to another.
struct Payment: Codable {
    let from: Account
    let to: Account
    let amount: Int32
    /// How long to wait for a lock before giving up.
    let patience: Double
    /// true: lock the accounts in one global order (by name), whatever the
    /// direction. false: lock the payer first, then the payee.
    let oneOrder: Bool
    /// Only for the demonstration: a barrier both payments meet at.
    let meeting: MP.Barrier?
}
// endregion: accounts

// region: pay
/// Locks both accounts, moves the money, unlocks them. Gives up if a lock
/// does not come within `patience` seconds.
enum Pay: MP.ProcessTarget {
    static func run(_ payment: Payment) throws {
        let (first, second) = payment.oneOrder && payment.to.name < payment.from.name
            ? (payment.to, payment.from) : (payment.from, payment.to)
        guard try first.lock.acquire(timeout: payment.patience) else {
            say("\(me()) timed out waiting for lock \(first.name) and gives up")
            return
        }
        defer { try? first.lock.release() }
        say("\(me()) holds lock \(first.name), reaches for lock \(second.name)")
        try payment.meeting?.wait()  // (1) both hold their first lock now
        let asked = secondsNow()
        guard try second.lock.acquire(timeout: payment.patience) else {
            let waited = fixed(secondsNow() - asked, places: 2)
            say("\(me()) waited \(waited) s for lock \(second.name), gives up and lets go of lock \(first.name)")
            try payment.meeting?.wait()  // (2) nobody lets go before both gave up
            return
        }
        defer { try? second.lock.release() }
        payment.from.balance.value -= payment.amount
        payment.to.balance.value += payment.amount
        nap(0.05)  // the payment takes a moment, holding both locks
        say("\(me()) holds both locks: moved \(payment.amount) from \(payment.from.name) to \(payment.to.name)")
    }
}
// endregion: pay
