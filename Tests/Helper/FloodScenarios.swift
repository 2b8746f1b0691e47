import Glibc
import Multiprocessing

/// A manager server under a flood of bad connections, with both CPUs busy:
/// good clients must keep getting in, during the flood and after it.
let floodScenarios: [(String, Scenario)] = [
    ("manager-flood", { _, context in
        let key = "flood key"
        let (announcements, announce) = try MP.Pipe()
        let server = context.process(target: RemoteServer.self, argument: ServerAccess(
            address: .tcp(host: "127.0.0.1", port: 0), key: key, report: announce))
        try server.start()
        let address = try announcements.recv(MP.ManagerAddress.self)

        let stop = try MP.Event()
        let busy = (0..<2).map { _ in context.process(target: BusyLoop.self, argument: stop) }
        for process in busy { try process.start() }
        let (floodResults, floodReport) = try MP.Pipe()
        let flooder = context.process(target: Flooder.self, argument: FloodOrder(
            address: address, connections: 2000, report: floodReport))
        try flooder.start()

        // Good clients, one fresh process (so one fresh connection and
        // handshake) at a time, during the flood and for a while after.
        var good = 0
        var goodDuringFlood = 0
        var failures: [String] = []
        var slowest = 0.0
        var after = 0
        let started = monotonicMicroseconds()
        while after < 20 && monotonicMicroseconds() - started < 30e6 {
            if !flooder.isAlive { after += 1 }
            let begin = monotonicMicroseconds()
            let client = context.process(target: OneCallClient.self, argument: ClientOrder(address: address, key: key))
            try client.start()
            if try !client.join(timeout: 5) {
                try client.kill()
                try client.join()
                failures.append("timeout")
            } else if client.exitCode != 0 {
                failures.append("exit \(client.exitCode ?? 99)")
            } else {
                good += 1
                if after == 0 { goodDuringFlood += 1 }
            }
            let seconds = (monotonicMicroseconds() - begin) / 1e6
            slowest = max(slowest, seconds)
            if seconds > 0.5 { say("slow.client", "\(good + failures.count) \(after) \(seconds)") }
        }
        try flooder.join(timeout: 10)
        say("flood.sent", try floodResults.poll(timeout: 1) ? try floodResults.recv(Int.self) : -1)
        say("flood.refused", try floodResults.poll(timeout: 1) ? try floodResults.recv(Int.self) : -1)
        stop.set()
        for process in busy { try process.join(timeout: 5) }
        say("good", good)
        say("good.during.flood", goodDuringFlood)
        say("failures", failures.isEmpty ? "none" : failures.joined(separator: ","))
        say("slowest.seconds", slowest)

        let client = try MP.BaseManager(address: address, authKey: key)
        try client.shutdownServer()
        try server.join(timeout: 10)
        say("server.exit", server.exitCode ?? 99)
    }),
]

/// Spins until `stop` is set (or 60 s pass): a busy CPU.
enum BusyLoop: MP.ProcessTarget {
    static func run(_ stop: MP.Event) throws {
        let end = monotonicMicroseconds() + 60e6
        var spins = 0
        while monotonicMicroseconds() < end {
            spins &+= 1
            if spins % 100_000 == 0, stop.isSet { return }
        }
    }
}

struct FloodOrder: Codable {
    var address: MP.ManagerAddress
    var connections: Int
    var report: MP.Connection
}

/// Opens `connections` bad connections: garbage, oversize length prefixes,
/// connections closed at once, and silent ones held open until the end.
enum Flooder: MP.ProcessTarget {
    static func run(_ order: FloodOrder) throws {
        var silent: [Int32] = []
        var sent = 0
        var refused = 0
        for index in 0..<order.connections {
            let descriptor = rawConnect(order.address)
            guard descriptor >= 0 else {
                refused += 1
                continue
            }
            sent += 1
            switch index % 4 {
            case 0: rawSend(descriptor, (0..<64).map { _ in UInt8.random(in: 0...255) })
            case 1: rawSend(descriptor, lengthPrefix(0xFFFF_FFF0) + [1, 2, 3])
            case 2:
                silent.append(descriptor)  // connects and never speaks
                continue
            default: break  // connects and leaves
            }
            close(descriptor)
        }
        try order.report.send(sent)
        try order.report.send(refused)
        usleep(500_000)
        silent.forEach { close($0) }
    }
}

struct ClientOrder: Codable {
    var address: MP.ManagerAddress
    var key: String
}

/// Connects (handshake included), makes one call and leaves.
enum OneCallClient: MP.ProcessTarget {
    static func run(_ order: ClientOrder) throws {
        let manager = try MP.BaseManager(address: order.address, authKey: order.key)
        manager.register("getList", proxy: MP.ListProxy<Int>.self)
        let list: MP.ListProxy<Int> = try manager.proxy("getList")
        try list.append(1)
        _ = try list.count()
    }
}
