import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: event
let go = try MP.Event()
let goTime = try MP.Value<Double>(0)
say("main: is the event set? \(go.isSet); wait(timeout: 0.1) returns \(go.wait(timeout: 0.1))")
let runners = (1...3).map {
    MP.Process(target: Runner.self, argument: StartLine(go: go, goTime: goTime), name: "runner-\($0)")
}
for runner in runners { try runner.start() }
nap(0.3)  // time for the runners to reach the start line
goTime.value = secondsNow()
say("main: go!")  // printed, and flushed, before set()
go.set()
for runner in runners { try runner.join() }
say("main: 3 runners joined; is the event set? \(go.isSet)")
// endregion: event

// region: semaphore
let room = Room(door: try MP.Semaphore(value: 2), inside: try MP.Value<Int32>(0), most: try MP.Value<Int32>(0))
say("main: 5 workers, and a door that lets 2 in at a time")
let workers = (1...5).map { MP.Process(target: Worker.self, argument: room, name: "worker-\($0)") }
for worker in workers { try worker.start() }
for worker in workers { try worker.join() }
say("main: at most \(room.most.value) workers were inside at once; the door's value is \(room.door.value) again")
// endregion: semaphore

// region: bounded
let bounded = try MP.BoundedSemaphore(value: 2)
do {
    try bounded.release()  // nobody acquired it: one release too many
    say("main: the extra release went through")
} catch {
    say("main: a BoundedSemaphore refuses: \(error)")
}
// endregion: bounded

// region: condition
let shop = Shop(changed: try MP.Condition(), shelf: try MP.Value(Shelf(), lock: .none))
say("main: 2 consumers wait at an empty shelf; a producer makes 6 items")
let consumers = (1...2).map { MP.Process(target: Consumer.self, argument: shop, name: "consumer-\($0)") }
let producer = MP.Process(target: Producer.self, argument: shop, name: "producer")
for process in consumers + [producer] { try process.start() }
for process in consumers + [producer] { try process.join() }
say("main: \(shop.shelf.value.produced) items produced, \(shop.shelf.value.taken) taken")
// endregion: condition

// region: barrier
let barrier = try MP.Barrier(parties: 3, action: PhaseDone.self, timeout: 5)
say("main: 3 members, 3 phases, one barrier")
let members = (1...3).map {
    MP.Process(target: Member.self, argument: Seat(number: $0, barrier: barrier), name: "member-\($0)")
}
for member in members { try member.start() }
for member in members { try member.join() }
say("main: the team is done; is the barrier broken? \(barrier.isBroken)")
// endregion: barrier

// region: payments
/// The two payments, A to B and B to A, as two processes.
func payments(_ a: Account, _ b: Account, oneOrder: Bool, meeting: MP.Barrier?) -> [MP.Process] {
    [
        MP.Process(
            target: Pay.self,
            argument: Payment(from: a, to: b, amount: 30, patience: 0.3, oneOrder: oneOrder, meeting: meeting),
            name: "pay-A-to-B"),
        MP.Process(
            target: Pay.self,
            argument: Payment(from: b, to: a, amount: 20, patience: 0.3, oneOrder: oneOrder, meeting: meeting),
            name: "pay-B-to-A"),
    ]
}
// endregion: payments

// region: deadlock
let a = Account(name: "A", lock: try MP.Lock(), balance: try MP.Value<Int32>(100))
let b = Account(name: "B", lock: try MP.Lock(), balance: try MP.Value<Int32>(100))
say("main: deadlock on purpose: each payment locks its payer's account first")
let crossed = payments(a, b, oneOrder: false, meeting: try MP.Barrier(parties: 2, timeout: 5))
for payment in crossed { try payment.start() }
for payment in crossed { try payment.join() }
say("main: after the deadlock, A has \(a.balance.value) and B has \(b.balance.value)")
// endregion: deadlock

// region: fix
say("main: the fix: every payment locks A before B")
let ordered = payments(a, b, oneOrder: true, meeting: nil)
for payment in ordered { try payment.start() }
for payment in ordered { try payment.join() }
say("main: after the fix, A has \(a.balance.value) and B has \(b.balance.value)")
// endregion: fix
