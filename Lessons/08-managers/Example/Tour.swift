import Multiprocessing

// region: dict-user
/// Reads one entry of a managed dictionary, changes it and adds another.
enum DictUser: MP.ProcessTarget {
    static func run(_ stock: MP.DictProxy<String, Int>) throws {
        let apples = try stock.get("apples")
        try stock.set("apples", apples + 1)
        try stock.set("pears", 5)
        say("\(me()): found apples = \(apples); set apples = \(apples + 1) and pears = 5")
    }
}
// endregion: dict-user

// region: namespace-user
/// Reads a name its parent set, and sets two of its own, of other types.
enum NamespaceUser: MP.ProcessTarget {
    static func run(_ settings: MP.NamespaceProxy) throws {
        let greeting: String = try settings.get("greeting")
        try settings.set("reply", greeting + " back")
        try settings.set("luckyNumber", 7)
        say("\(me()): read greeting = \"\(greeting)\"; set reply and luckyNumber")
    }
}
// endregion: namespace-user

// region: value-user
/// Replaces a managed value.
enum ValueUser: MP.ProcessTarget {
    static func run(_ pi: MP.ValueProxy<Double>) throws {
        let old = try pi.get()
        try pi.set(3.1415927)
        say("\(me()): the value was \(old); set it to 3.1415927")
    }
}
// endregion: value-user

// region: queue-user
/// Takes three numbers from a managed queue and puts back their squares.
enum QueueUser: MP.ProcessTarget {
    static func run(_ queue: MP.QueueProxy<Int>) throws {
        let taken = try (1...3).map { _ in try queue.get(timeout: 5) }
        for number in taken { try queue.put(number * number) }
        say("\(me()): took \(taken) and put back \(taken.map { $0 * $0 })")
    }
}
// endregion: queue-user

// region: lock-holder
/// What the lock holder is handed: a managed lock and two managed events.
struct LockHolderOrders: Codable {
    var lock: MP.LockProxy
    var holding: MP.EventProxy    // the child sets it once it holds the lock
    var letGo: MP.EventProxy      // the parent sets it to say "release it now"
}

/// Takes the lock, says so with an event, and keeps the lock until the
/// parent sets the other event.
enum LockHolder: MP.ProcessTarget {
    static func run(_ orders: LockHolderOrders) throws {
        try orders.lock.acquire()
        say("\(me()): I hold the lock")
        try orders.holding.set()
        guard try orders.letGo.wait(timeout: 10) else { throw TimedOut() }
        try orders.lock.release()
        say("\(me()): released the lock")
    }
}

/// The parent never set the event.
struct TimedOut: Error {}
// endregion: lock-holder
