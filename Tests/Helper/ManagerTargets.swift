import Multiprocessing

struct SquareOrder2: Codable {
    var list: MP.ListProxy<Int>
    var index: Int
}

/// The course's managed-list example: square the element at my index.
enum IndexSquarer: MP.ProcessTarget {
    static func run(_ order: SquareOrder2) throws {
        let value = try order.list.get(order.index)
        try order.list.set(order.index, value * value)
    }
}

struct ProxyBundle: Codable {
    var list: MP.ListProxy<String>
    var dict: MP.DictProxy<String, Int>
    var namespace: MP.NamespaceProxy
    var value: MP.ValueProxy<Double>
}

/// Uses every proxy type from a child.
enum ProxyUser: MP.ProcessTarget {
    static func run(_ bundle: ProxyBundle) throws {
        try bundle.list.append("from child")
        try bundle.dict.set("child", try bundle.dict.get("parent") + 1)
        try bundle.namespace.set("greeting", "hello")
        try bundle.value.set(try bundle.value.get() * 2)
    }
}

struct VictimOrder: Codable {
    var list: MP.ListProxy<Int>
    var results: MP.Connection
}

/// A well-behaved client that keeps working while others attack the server.
enum WellBehavedClient: MP.ProcessTarget {
    static func run(_ order: VictimOrder) throws {
        var correct = 0
        for i in 0..<8000 {
            try order.list.append(i)
            if try order.list.get(-1) == i { correct += 1 }
        }
        try order.results.send(correct)
    }
}

struct SyncBundle: Codable {
    var queue: MP.QueueProxy<String>
    var lock: MP.LockProxy
    var event: MP.EventProxy
    var log: MP.ListProxy<String>
}

/// Waits for the event, takes the lock, gets two items from the queue (the
/// second put by the parent only after the event), and logs what it did.
enum SyncProxyUser: MP.ProcessTarget {
    static func run(_ bundle: SyncBundle) throws {
        try bundle.lock.acquire()
        try bundle.log.append("child has the lock")
        try bundle.event.set()                        // tell the parent: the lock is held
        let first = try bundle.queue.get(timeout: 10)  // blocks until the parent puts
        try bundle.log.append("child got \(first)")
        try bundle.lock.release()
        let second = try bundle.queue.get()
        try bundle.log.append("child got \(second)")
    }
}

/// A served manager's address and key, and a connection to report on: the
/// argument of the remote server and of the remote well-behaved client.
struct ServerAccess: Codable {
    var address: MP.ManagerAddress
    var key: String
    var report: MP.Connection
}

/// Runs a manager server on an address, in a process of its own, and says
/// where it listens.

enum RemoteServer: MP.ProcessTarget {
    static func run(_ order: ServerAccess) throws {
        let manager = try makeServingManager(address: order.address, key: order.key)
        let server = try manager.server()
        try order.report.send(server.address)
        try server.serveForever()
    }
}

/// The course's distributed-queue server: a shared queue named getQueue,
/// plus a factory that makes a new list on each call, one that fails, and a
/// shared list.
func makeServingManager(address: MP.ManagerAddress, key: String) throws -> MP.BaseManager {
    let manager = try MP.BaseManager(address: address, authKey: key)
    manager.register("getQueue", shared: .queue(of: String.self))
    manager.register("getList", shared: try .list([Int]()))
    manager.register("newList") { try .list([1, 2, 3]) }
    manager.register("broken") { throw RemoteFactoryRefusal() }
    return manager
}

struct RemoteFactoryRefusal: Error, CustomStringConvertible {
    var description: String { "this factory always refuses" }
}

/// A client of a served manager: puts or gets on its queue.
struct RemoteClientOrder: Codable {
    var address: MP.ManagerAddress
    var key: String
    var put: [String]
    var gets: Int
    var results: MP.Connection
}

enum RemoteQueueClient: MP.ProcessTarget {
    static func run(_ order: RemoteClientOrder) throws {
        let manager = try MP.BaseManager(address: order.address, authKey: order.key)
        manager.register("getQueue", proxy: MP.QueueProxy<String>.self)
        try manager.connect()
        let queue: MP.QueueProxy<String> = try manager.proxy("getQueue")
        for message in order.put { try queue.put(message) }
        var got: [String] = []
        for _ in 0..<order.gets { got.append(try queue.get(timeout: 20)) }
        try order.results.send(got)
    }
}

/// A well-behaved client of an authenticated served manager.
enum RemoteWellBehavedClient: MP.ProcessTarget {
    static func run(_ order: ServerAccess) throws {
        let manager = try MP.BaseManager(address: order.address, authKey: order.key)
        manager.register("getList", proxy: MP.ListProxy<Int>.self)
        let list: MP.ListProxy<Int> = try manager.proxy("getList")
        try WellBehavedClient.run(VictimOrder(list: list, results: order.report))
    }
}

/// Takes a managed lock and ends without releasing it.
enum LockHolderThatLeaves: MP.ProcessTarget {
    static func run(_ lock: MP.LockProxy) throws {
        try lock.acquire()
    }
}
