import Glibc
import Multiprocessing

/// A scenario: a small program run under one start method.
typealias Scenario = @Sendable (_ method: MP.StartMethod, _ context: MP.Context) throws -> Void

/// Locks, semaphores, events and shared values across processes.
let synchronizeScenarios: [(String, Scenario)] = [
    ("race", { _, context in
        for useLock in [false, true] {
            let counter = try MP.Value<Int64>(0)
            let start = try MP.Event()
            let increments = 200_000
            let order = RaceOrder(counter: counter, start: start, increments: increments, useLock: useLock)
            let workers = (0..<2).map { _ in context.process(target: Incrementer.self, argument: order) }
            for worker in workers { try worker.start() }
            usleep(100_000)
            start.set()
            for worker in workers { try worker.join() }
            say(useLock ? "locked" : "unlocked", counter.value)
        }
    }),
    ("locks", { _, context in
        let lock = try MP.Lock()
        let rlock = try MP.RLock()
        let (mine, theirs) = try MP.Pipe()
        try lock.acquire()
        try rlock.acquire()
        try rlock.acquire()
        let releaser = context.process(
            target: ForeignReleaser.self, argument: LockOrder(lock: lock, rlock: rlock, connection: theirs))
        try releaser.start()
        say("foreign", try mine.recv([String].self).joined(separator: ","))
        try releaser.join()
        say("lock.free.after.foreign.release", !lock.isLocked)
        try rlock.release()
        say("rlock.still.held", rlock.isHeldByCurrentThread)
        try rlock.release()
        say("rlock.released", !rlock.isHeldByCurrentThread)

        let hoarder = context.process(target: LockHoarder.self, argument: lock)
        try hoarder.start()
        try hoarder.join()
        say("abandoned", describe { try lock.acquire(timeout: 5) })
        say("held.after.abandoned", lock.isLocked)
        try lock.release()

        // A holder killed and not yet reaped (a zombie) also counts as gone.
        let held = try MP.Event()
        let sleeper = context.process(
            target: SleepingHoarder.self, argument: EventOrder(event: held, connection: theirs, lock: lock))
        try sleeper.start()
        _ = held.wait(timeout: 10)
        try sleeper.kill()
        usleep(100_000)
        say("zombie.holder.abandoned", describe { try lock.acquire(timeout: 5) }.hasPrefix("AbandonedLockError"))
        try lock.release()
        try sleeper.join()

        let event = try MP.Event()
        let waiter = context.process(target: EventWaiter.self, argument: EventOrder(event: event, connection: theirs))
        try waiter.start()
        _ = try mine.recv(String.self)
        usleep(100_000)
        event.set()
        say("event.seen", try mine.recv(Bool.self))
        try waiter.join()

        let semaphore = try MP.Semaphore(value: 2)
        let inside = try MP.Value<Int32>(0)
        let most = try MP.Value<Int32>(0)
        let users = (0..<4).map { _ in
            context.process(target: SemaphoreUser.self,
                            argument: SemaphoreOrder(semaphore: semaphore, inside: inside, most: most))
        }
        for user in users { try user.start() }
        for user in users { try user.join() }
        say("semaphore.most.inside", most.value)
        say("semaphore.exit.codes", users.map { String($0.exitCode ?? 99) }.joined(separator: ","))
    }),
]
