import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: hello
let (parentEnd, childEnd) = try MP.Pipe()
let greeter = MP.Process(target: SendHello.self, argument: childEnd)
try greeter.start()
childEnd.close()  // the child has its own copy now; the parent drops its copy
say("parent received: \(try parentEnd.recv(String.self))")
do {
    say("parent received: \(try parentEnd.recv(String.self))")  // never printed
} catch let end as MP.EOFError {
    say("parent: the next recv threw EOFError: \(end)")
}
do {
    try parentEnd.send("is anyone there?")
} catch let error as MP.ConnectionError {
    say("parent: send threw: \(error)")
}
parentEnd.close()
try greeter.join()
say("parent: joined \(greeter.name), pid \(greeter.pid ?? 0), exit code \(greeter.exitCode ?? 99)")
// endregion: hello

// region: forgot-to-close
let (keptParentEnd, keptChildEnd) = try MP.Pipe()
let forgotten = MP.Process(target: SendHello.self, argument: keptChildEnd)
try forgotten.start()
// The parent "forgets" keptChildEnd.close() here.
say("parent received: \(try keptParentEnd.recv(String.self))")
try forgotten.join()
say("parent: \(forgotten.name), pid \(forgotten.pid ?? 0), has ended; is anything ready within 0.2 s? \(try keptParentEnd.poll(timeout: 0.2))")
keptChildEnd.close()
say("parent: closed its copy of the child's end; is anything ready? \(try keptParentEnd.poll(timeout: 0.2))")
do {
    _ = try keptParentEnd.recv(String.self)
} catch is MP.EOFError {
    say("parent: and recv throws EOFError at once")
}
keptParentEnd.close()
// endregion: forgot-to-close

// region: mixed
let (mixedParentEnd, mixedChildEnd) = try MP.Pipe()
let mixer = MP.Process(target: SendMixed.self, argument: mixedChildEnd)
try mixer.start()
mixedChildEnd.close()
let items = try mixedParentEnd.recv([Item].self)
say("parent received \(swiftStyle(items)), which Python prints as \(pythonStyle(items))")
do {
    let numbers = try mixedParentEnd.recv([Int].self)
    say("parent received numbers: \(numbers)")  // never printed
} catch let error as MP.ConnectionError {
    say("parent: the same message as [Int]: \(error)")
}
mixedParentEnd.close()
try mixer.join()
say("parent: joined \(mixer.name), pid \(mixer.pid ?? 0), exit code \(mixer.exitCode ?? 99)")
// endregion: mixed

// region: one-way
let (receiver, sender) = try MP.Pipe(duplex: false)
do {
    try receiver.send("hello")
} catch let error as MP.ConnectionError {
    say("parent: one-way pipe, first end: send threw: \(error)")
}
do {
    _ = try sender.recv(String.self)
} catch let error as MP.ConnectionError {
    say("parent: one-way pipe, second end: recv threw: \(error)")
}
receiver.close()
sender.close()
// endregion: one-way

// region: wait
var watched: [(label: String, object: any MP.Waitable)] = []
var reporters: [MP.Process] = []
for delay in [0.3, 0.1, 0.2] {
    let (receiver, sender) = try MP.Pipe(duplex: false)
    let reporter = MP.Process(target: Reporter.self, argument: Report(end: sender, delay: delay))
    try reporter.start()
    sender.close()
    reporters.append(reporter)
    watched.append(("message from \(reporter.name)", receiver))
}
let quitter = MP.Process(target: Quitter.self, argument: 0.15)
try quitter.start()
watched.append(("sentinel of \(quitter.name)", try quitter.sentinel))

while !watched.isEmpty {
    let ready = try MP.wait(watched.map(\.object), timeout: 5)
    if ready.isEmpty {
        say("parent: nothing was ready within 5 s")
        break
    }
    for object in ready {
        let index = watched.firstIndex { $0.object === object }!
        let label = watched.remove(at: index).label
        if let connection = object as? MP.Connection {
            say("parent: ready: \(label): \(try connection.recv(String.self))")
            connection.close()
        } else {
            try quitter.join()
            say("parent: ready: \(label): it ended with exit code \(quitter.exitCode ?? 99)")
        }
    }
}
for reporter in reporters { try reporter.join() }
// endregion: wait

// region: raw-runs
for (blockSize, writes) in [(200_000, 20), (4096, 500)] {
    let result = try rawPipeTest(blockSize: blockSize, writes: writes)
    say("parent: raw pipe, \(blockSize)-byte writes: \(result.bytes) bytes in \(result.runs) runs of one letter, \(result.cut) of them cut mid-block")
}
// endregion: raw-runs

// region: shared-end
for useLock in [false, true] {
    let (reader, shared) = try MP.Pipe(duplex: false)
    let gate = try MP.Barrier(parties: 2)
    let lock = useLock ? try MP.Lock() : nil
    let senders = [UInt8(ascii: "A"), UInt8(ascii: "B")].map { letter in
        MP.Process(target: SendBlocks.self, argument: Blocks(end: shared, letter: letter, gate: gate, lock: lock))
    }
    for sender in senders { try sender.start() }
    shared.close()  // only the two senders hold the shared end now
    let result = try tally(reader)
    reader.close()
    for sender in senders { try sender.join() }
    let whole = result.whole.values.reduce(0, +)
    let bySender = result.whole.isEmpty ? "none" : result.whole.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    say("parent, \(useLock ? "with" : "without") a lock: \(whole) whole messages (\(bySender)), \(result.broken) broken; then EOFError: \(result.ending)")
}
// endregion: shared-end
