import Dispatch
import Glibc
import Multiprocessing

let managerScenarios: [(String, Scenario)] = [
    ("manager", { _, context in
        try MP.withManager(context: context) { manager in
            let n = 100
            let list = try manager.list(Array(0..<n))
            let workers = (1..<n).map {
                context.process(target: IndexSquarer.self, argument: SquareOrder2(list: list, index: $0))
            }
            for worker in workers { try worker.start() }
            for worker in workers { try worker.join() }
            say("squares", try list.toArray() == (0..<n).map { $0 * $0 })
            say("exit.codes", Set(workers.map { $0.exitCode ?? 99 }).map(String.init).joined(separator: ","))

            let bundle = ProxyBundle(
                list: try manager.list(["from parent"]), dict: try manager.dict(["parent": 41]),
                namespace: try manager.namespace(), value: try manager.value(1.5))
            let user = context.process(target: ProxyUser.self, argument: bundle)
            try user.start()
            try user.join()
            say("list", try bundle.list.toArray().joined(separator: "|"))
            say("dict", try bundle.dict.toDictionary().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
            say("namespace", try bundle.namespace.get("greeting", as: String.self))
            say("value", try bundle.value.get())
            var copy = try bundle.list.toArray()
            copy.append("local only")
            say("copy.is.not.shared", try bundle.list.count())
            say("index.error", describe { _ = try bundle.list.get(10) })
            say("negative.index", try bundle.list.get(-1))
            say("key.error", describe { _ = try bundle.dict.get("nobody") })
            manager.shutdown()
            say("after.shutdown", describe { _ = try bundle.list.count() }.hasPrefix("ManagerError"))
        }
        say("active", MP.activeChildren().count)
    }),

    // Queue, lock and event proxies across processes, timeouts, and a lock
    // freed when its holder goes away.
    ("manager-sync", { _, context in
        try MP.withManager(context: context) { manager in
            let bundle = SyncBundle(queue: try manager.queue(), lock: try manager.lock(),
                                    event: try manager.event(), log: try manager.list([String]()))
            let child = context.process(target: SyncProxyUser.self, argument: bundle)
            try child.start()
            say("event.set", try bundle.event.wait(timeout: 10))
            say("lock.busy", try bundle.lock.acquire(timeout: 0.1))
            say("locked", try bundle.lock.isLocked())
            try bundle.queue.put("first")
            say("lock.after", try bundle.lock.acquire(timeout: 10))
            try bundle.lock.release()
            try bundle.queue.put("second")
            try child.join()
            say("child.exit", child.exitCode ?? 99)
            say("log", try bundle.log.toArray().joined(separator: "|"))
            say("empty.get", describe { _ = try bundle.queue.get(timeout: 0.05) })
            say("empty.nowait", describe { _ = try bundle.queue.get(block: false) })
            let small = try manager.queue(of: Int.self, maxSize: 1)
            try small.put(1)
            say("full.put", describe { try small.put(2, timeout: 0.05) })
            say("full.nowait", describe { try small.put(2, block: false) })
            say("small.count", try small.count())
            say("release.unlocked", describe { try bundle.lock.release() })
            say("event.timeout", try manager.event().wait(timeout: 0.05))

            let holder = context.process(target: LockHolderThatLeaves.self, argument: bundle.lock)
            try holder.start()
            try holder.join()
            say("abandoned.lock.freed", try bundle.lock.acquire(timeout: 5))

            // A get blocked on one thread must not hold up a put from another
            // thread of the same process (each call takes its own connection).
            let threaded = try manager.queue(of: Int.self)
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var got = -1
            DispatchQueue.global().async {
                got = (try? threaded.get(timeout: 10)) ?? -2
                done.signal()
            }
            usleep(100_000)
            try threaded.put(42)
            _ = done.wait(timeout: .now() + 10)
            say("threads.got", got)
        }
        say("active", MP.activeChildren().count)
    }),

    // The course's distributed queue, on TCP with a key: one client puts,
    // another gets; wrong keys, unknown names, factories, shutdown and a
    // restart on the same address; then the same on a Unix socket.
    ("manager-remote", { _, context in
        let key = "abracadabra"
        func startServer(_ address: MP.ManagerAddress) throws -> (MP.Process, MP.ManagerAddress) {
            let (mine, theirs) = try MP.Pipe()
            let server = context.process(target: RemoteServer.self, argument: ServerAccess(address: address, key: key, report: theirs))
            try server.start()
            return (server, try mine.recv(MP.ManagerAddress.self))
        }
        func exchange(_ address: MP.ManagerAddress, _ messages: [String]) throws -> [String] {
            let (getterResults, getterEnd) = try MP.Pipe()
            let (putterResults, putterEnd) = try MP.Pipe()
            let getter = context.process(target: RemoteQueueClient.self, argument: RemoteClientOrder(
                address: address, key: key, put: [], gets: messages.count, results: getterEnd))
            let putter = context.process(target: RemoteQueueClient.self, argument: RemoteClientOrder(
                address: address, key: key, put: messages, gets: 0, results: putterEnd))
            try getter.start()
            try putter.start()
            _ = try putterResults.recv([String].self)
            let got = try getterResults.recv([String].self)
            try putter.join()
            try getter.join()
            return got
        }
        var (server, address) = try startServer(.tcp(host: "127.0.0.1", port: 0))
        say("tcp.port.chosen", (address.port ?? 0) > 0)
        say("unix.port.nil", MP.ManagerAddress.unix("/tmp/x").port == nil)
        say("tcp.exchange", try exchange(address, ["Hi There", "Hello World"]).joined(separator: "|"))

        let intruder = try MP.BaseManager(address: address, authKey: "not the key")
        intruder.register("getQueue", proxy: MP.QueueProxy<String>.self)
        say("wrong.key.connect", describe { try intruder.connect() })
        say("wrong.key.proxy", describe { _ = try intruder.proxy("getQueue", as: MP.QueueProxy<String>.self) })
        say("wrong.key.again", describe { try intruder.connect() })

        let client = try MP.BaseManager(address: address, authKey: key)
        client.register("getList", proxy: MP.ListProxy<Int>.self)
        client.register("newList", proxy: MP.ListProxy<Int>.self)
        client.register("broken", proxy: MP.ListProxy<Int>.self)
        client.register("nothing", proxy: MP.ListProxy<Int>.self)
        client.register("getQueue", proxy: MP.ListProxy<Int>.self)
        try client.connect()
        let shared: MP.ListProxy<Int> = try client.proxy("getList")
        try shared.append(7)
        say("still.serving", try shared.toArray().map(String.init).joined(separator: ","))
        let first: MP.ListProxy<Int> = try client.proxy("newList")
        let second: MP.ListProxy<Int> = try client.proxy("newList")
        try first.append(4)
        say("factory.fresh", "\(try first.count()),\(try second.count())")
        say("factory.error", describe { _ = try client.proxy("broken", as: MP.ListProxy<Int>.self) })
        say("unknown.name", describe { _ = try client.proxy("nothing", as: MP.ListProxy<Int>.self) })
        say("not.registered", describe { _ = try client.proxy("unregistered", as: MP.ListProxy<Int>.self) })
        say("wrong.proxy", describe { _ = try client.proxy("getQueue", as: MP.ListProxy<Int>.self) })
        say("no.key", describe { _ = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 1), authKey: "") })
        say("nil.key", describe { _ = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 1)) })
        say("bad.host", describe { _ = try MP.BaseManager(address: .tcp(host: "no such host.invalid", port: 1), authKey: key).server() })

        try client.shutdownServer()
        try server.join(timeout: 10)
        say("tcp.server.exit", server.exitCode ?? 99)
        say("after.shutdown", describe { _ = try shared.count() }.hasPrefix("ManagerError"))

        (server, address) = try startServer(address)
        say("tcp.restart", try exchange(address, ["again"]).joined(separator: "|"))
        try client.shutdownServer()
        try server.join(timeout: 10)

        let path = "/tmp/mp-remote-\(getpid()).socket"
        (server, address) = try startServer(.unix(path))
        var info = stat()
        stat(path, &info)
        say("unix.mode", String(info.st_mode & 0o777, radix: 8))
        say("unix.exchange", try exchange(address, ["over unix"]).joined(separator: "|"))
        try MP.BaseManager(address: address, authKey: key).shutdownServer()
        try server.join(timeout: 10)
        (server, address) = try startServer(.unix(path))
        say("unix.restart", try exchange(address, ["stale socket replaced"]).joined(separator: "|"))
        try MP.BaseManager(address: address, authKey: key).shutdownServer()
        try server.join(timeout: 10)
        unlink(path)
        say("active", MP.activeChildren().count)
    }),

    // A server program of its own (the tests run it in another network
    // namespace when they can): mp-test-helper manager-serve METHOD ADDRESS KEY
    ("manager-serve", { _, _ in
        let manager = try makeServingManager(address: try parseAddress(arguments[3]), key: arguments[4])
        let server = try manager.server()
        say("port", server.address.port ?? 0)
        try server.serveForever()
        say("served", true)
    }),

    // A client program: mp-test-helper manager-client METHOD ADDRESS KEY (put MESSAGE... | get N | stop)
    ("manager-client", { _, _ in
        let manager = try MP.BaseManager(address: try parseAddress(arguments[3]), authKey: arguments[4])
        manager.register("getQueue", proxy: MP.QueueProxy<String>.self)
        let queue: MP.QueueProxy<String> = try manager.proxy("getQueue")
        switch arguments[5] {
        case "put": for message in arguments[6...] { try queue.put(message) }
        case "get": say("got", try (0..<(Int(arguments[6]) ?? 0)).map { _ in try queue.get(timeout: 20) }.joined(separator: "|"))
        default: try manager.shutdownServer()
        }
        say("client", "done")
    }),
]

/// `tcp:HOST:PORT` or `unix:PATH`.
func parseAddress(_ text: String) throws -> MP.ManagerAddress {
    if text.hasPrefix("unix:") { return .unix(String(text.dropFirst(5))) }
    let parts = text.split(separator: ":")
    guard parts.count == 3, parts[0] == "tcp", let port = UInt16(parts[2]) else {
        throw MP.ManagerError.badAddress("expected tcp:HOST:PORT or unix:PATH, got \(text)")
    }
    return .tcp(host: String(parts[1]), port: port)
}

let managerFailureScenarios: [(String, Scenario)] = [
    // The server dies: calls fail promptly, and shutdown does not hang.
    ("manager-killed", { _, context in
        let manager = try MP.Manager(context: context)
        let list = try manager.list([1, 2, 3])
        let server = MP.activeChildren().first { $0.name == "ManagerServer" }
        try server?.kill()
        _ = try server?.join(timeout: 5)
        say("first.call", describe { _ = try list.count() }.hasPrefix("ManagerError"))
        say("second.call", describe { _ = try list.count() }.hasPrefix("ManagerError"))
        manager.shutdown()
        say("shutdown", "returned")
        say("active", MP.activeChildren().count)
    }),
]
