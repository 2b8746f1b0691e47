import Multiprocessing

MP.bootstrap()

// region: manager
let manager = try MP.Manager()    // starts the server process, "ManagerServer"
// endregion: manager

// region: hundred
let n = 100
let numbers = try manager.list(Array(0..<n))
say("main: a managed list holds 0 to \(n - 1); starting \(n - 1) squarers")
let squarers = (1..<n).map { index in
    MP.Process(target: SquareOne.self, argument: SquareJob(numbers: numbers, index: index), name: "Squarer-\(index)")
}
for squarer in squarers { try squarer.start() }
for squarer in squarers { try squarer.join() }
say("main: all \(squarers.count) squarers joined; the list is now")
say("main: \(try numbers.toArray())")
// endregion: hundred

// region: ten-thousand
let count = 10_000
let workers = 4
let slices = (0..<workers).map { k in (k * count / workers)..<((k + 1) * count / workers) }
say("main: squaring \(count) numbers with \(workers) processes, \(count / workers) each")

/// Whether `squares` holds each index's square, and their sum.
func verdict(_ squares: [Int]) -> String {
    let right = squares.indices.allSatisfy { squares[$0] == $0 * $0 }
    return "sum of squares \(squares.reduce(0, +)) (every element right: \(right))"
}

let bigList = try manager.list(Array(0..<count))
let (_, listSeconds) = try timed {
    let processes = slices.enumerated().map { k, slice in
        MP.Process(target: SquareListChunk.self, argument: ListChunk(numbers: bigList, indices: slice), name: "ListWorker-\(k + 1)")
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
}
say("main: through the list proxy: \(fixed(listSeconds * 1000, places: 1)) ms in all, \(verdict(try bigList.toArray()))")

let bigArray = try MP.Array<Int>(Array(0..<count))
let (_, arraySeconds) = try timed {
    let processes = slices.enumerated().map { k, slice in
        MP.Process(target: SquareArrayChunk.self, argument: ArrayChunk(numbers: bigArray, indices: slice), name: "ArrayWorker-\(k + 1)")
    }
    for process in processes { try process.start() }
    for process in processes { try process.join() }
}
say("main: through the MP.Array: \(fixed(arraySeconds * 1000, places: 1)) ms in all, \(verdict(bigArray.toArray()))")
// endregion: ten-thousand

// region: one-call
let calls = 200
let (_, proxySeconds) = try timed {
    for i in 0..<calls { _ = try bigList.get(i) }
}
let reads = 100_000
let (_, arrayReadSeconds) = timed {
    var total = 0
    for i in 0..<reads { total &+= bigArray[i % count] }
    return total
}
let proxyCall = proxySeconds / Double(calls)
let arrayRead = arrayReadSeconds / Double(reads)
say("main: one proxy get takes \(fixed(proxyCall * 1e6, places: 1)) µs, one MP.Array read \(fixed(arrayRead * 1e6, places: 3)) µs: the get costs as much as \(Int((proxyCall / arrayRead).rounded())) reads")
// endregion: one-call

// region: dict
let stock = try manager.dict(["apples": 3])
let dictUser = MP.Process(target: DictUser.self, argument: stock, name: "DictUser")
try dictUser.start()
try dictUser.join()
let entries = try stock.toDictionary().sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }
say("main: the dict now holds \(entries.joined(separator: ", "))")
// endregion: dict

// region: namespace
let settings = try manager.namespace()
try settings.set("greeting", "hello")
let namespaceUser = MP.Process(target: NamespaceUser.self, argument: settings, name: "NamespaceUser")
try namespaceUser.start()
try namespaceUser.join()
let reply: String = try settings.get("reply")
let lucky: Int = try settings.get("luckyNumber")
say("main: the namespace has \(try settings.names().sorted()); reply = \"\(reply)\", luckyNumber = \(lucky)")
// endregion: namespace

// region: value
let pi = try manager.value(0.0)
let valueUser = MP.Process(target: ValueUser.self, argument: pi, name: "ValueUser")
try valueUser.start()
try valueUser.join()
say("main: the value is now \(try pi.get())")
// endregion: value

// region: queue
let queue = try manager.queue(of: Int.self)
for number in [3, 4, 5] { try queue.put(number) }
let queueUser = MP.Process(target: QueueUser.self, argument: queue, name: "QueueUser")
try queueUser.start()
try queueUser.join()
let waiting = try queue.count()
let answers = try (0..<waiting).map { _ in try queue.get(block: false) }
say("main: the queue held \(waiting) items: \(answers)")
// endregion: queue

// region: lock
let lock = try manager.lock()
let holding = try manager.event()
let letGo = try manager.event()
let holder = MP.Process(
    target: LockHolder.self, argument: LockHolderOrders(lock: lock, holding: holding, letGo: letGo), name: "LockHolder")
try holder.start()
guard try holding.wait(timeout: 10) else { fatalError("LockHolder never took the lock") }
say("main: while LockHolder holds the lock, acquire(timeout: 0) gives \(try lock.acquire(timeout: 0))")
try letGo.set()
try holder.join()
let gotIt = try lock.acquire(timeout: 0)
say("main: after LockHolder let go, acquire(timeout: 0) gives \(gotIt)")
if gotIt { try lock.release() }
// endregion: lock

// region: trap-wrong
let board = try manager.value(Board())
let careless = MP.Process(target: Careless.self, argument: board, name: "Careless")
try careless.start()
try careless.join()
let unsigned = try board.get().signatures
say("main: the managed board has \(unsigned.count) signatures: \(unsigned)")
// endregion: trap-wrong

// region: trap-right
let boardLock = try manager.lock()
let signers = (1...4).map { k in
    MP.Process(target: Careful.self, argument: SigningOrders(board: board, lock: boardLock), name: "Careful-\(k)")
}
for signer in signers { try signer.start() }
for signer in signers { try signer.join() }
let signed = try board.get().signatures
say("main: the managed board has \(signed.count) signatures: \(signed.sorted())")
// endregion: trap-right

// region: shutdown
manager.shutdown()
say("main: manager shut down")
// endregion: shutdown
