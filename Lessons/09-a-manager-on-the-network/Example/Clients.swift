import Multiprocessing

// region: note
/// What travels on the queue: a message, and who wrote it.
struct Note: Codable {
    var text: String
    var writer: String
}
// endregion: note

// region: connect
/// What a client process is handed: where the server is, and the key.
struct ClientOrders: Codable {
    var address: MP.ManagerAddress
    var key: [UInt8]
}

/// Connects to the server and returns its queue, as any client program
/// would: register the name with its proxy type, connect, ask.
func remoteQueue(_ orders: ClientOrders) throws -> MP.QueueProxy<Note> {
    let manager = try MP.BaseManager(address: orders.address, authKey: orders.key)
    manager.register("getQueue", proxy: MP.QueueProxy<Note>.self)
    try manager.connect()                         // the mutual challenge happens here
    return try manager.proxy("getQueue")
}
// endregion: connect

// region: putter
/// The first client: puts one message.
enum Putter: MP.ProcessTarget {
    static func run(_ orders: ClientOrders) throws {
        let queue = try remoteQueue(orders)
        try queue.put(Note(text: "Hi There", writer: me()))
        say("\(me()): put \"Hi There\" through \(orders.address)")
    }
}
// endregion: putter

// region: getter
/// The second client: takes the message off the queue.
enum Getter: MP.ProcessTarget {
    static func run(_ orders: ClientOrders) throws {
        let queue = try remoteQueue(orders)
        let note = try queue.get(timeout: 10)
        say("\(me()): got \"\(note.text)\", written by \(note.writer)")
    }
}
// endregion: getter

// region: intruder
/// A client that holds the wrong key.
enum Intruder: MP.ProcessTarget {
    static func run(_ orders: ClientOrders) throws {
        do {
            _ = try remoteQueue(orders)
            say("\(me()): got in with the wrong key?")
        } catch let error as MP.AuthenticationError {
            say("\(me()): connect() threw AuthenticationError: \(error.reason)")
        }
    }
}
// endregion: intruder
