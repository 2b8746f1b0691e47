import Multiprocessing

// region: board
/// A small record several processes sign.
struct Board: Codable {
    var signatures: [String] = []
}
// endregion: board

// region: careless
/// Fetches the board, signs its own copy, and never writes it back.
enum Careless: MP.ProcessTarget {
    static func run(_ board: MP.ValueProxy<Board>) throws {
        var copy = try board.get()              // a copy, made from bytes the server sent
        copy.signatures.append(MP.currentProcess.name)
        say("\(me()): my copy has \(copy.signatures.count) signature: \(copy.signatures)")
    }
}
// endregion: careless

// region: careful
/// What each careful signer is handed.
struct SigningOrders: Codable {
    var board: MP.ValueProxy<Board>
    var lock: MP.LockProxy
}

/// Fetches, signs and writes back, all under a managed lock, so no other
/// signer can slip in between the read and the write.
enum Careful: MP.ProcessTarget {
    static func run(_ orders: SigningOrders) throws {
        try orders.lock.withLock {
            var copy = try orders.board.get()
            copy.signatures.append(MP.currentProcess.name)
            try orders.board.set(copy)          // the write-back: now it is shared
            say("\(me()): wrote my copy back; signatures on the board: \(copy.signatures.count)")
        }
    }
}
// endregion: careful
