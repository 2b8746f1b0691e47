import Multiprocessing

// region: server
/// What the server process is handed: the key, and a pipe on which to say
/// which port the system gave it.
struct ServerOrders: Codable {
    var key: [UInt8]
    var report: MP.Connection
}

/// The server program: one queue of notes, registered as "getQueue",
/// served on the loopback address until a client asks it to stop.
enum QueueServer: MP.ProcessTarget {
    static func run(_ orders: ServerOrders) throws {
        let manager = try MP.BaseManager(address: .tcp(host: "127.0.0.1", port: 0), authKey: orders.key)
        manager.register("getQueue", shared: .queue(of: Note.self))
        let server = try manager.server()        // listening now: the port is known
        say("\(me()): serving getQueue on \(server.address)")
        try orders.report.send(server.address)
        try server.serveForever()                 // returns when a client calls shutdownServer()
        say("\(me()): stopped serving")
    }
}
// endregion: server
