import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: key
/// The shared secret. Every program that talks to the server is given it in
/// advance; it is never sent over the network.
let key = Array("only the server and its clients know this".utf8)
// endregion: key

// region: serve
let (portReader, portWriter) = try MP.Pipe(duplex: false)
let server = MP.Process(
    target: QueueServer.self, argument: ServerOrders(key: key, report: portWriter), name: "QueueServer", daemon: true)
try server.start()
portWriter.close()  // the server's end: if the server fails, recv() below throws instead of waiting
let address = try portReader.recv(MP.ManagerAddress.self)
say("main (pid \(getpid())): QueueServer listens on \(address)")
// endregion: serve

// region: clients
let orders = ClientOrders(address: address, key: key)
let putter = MP.Process(target: Putter.self, argument: orders, name: "Putter")
try putter.start()
try putter.join()
let getter = MP.Process(target: Getter.self, argument: orders, name: "Getter")
try getter.start()
try getter.join()
say("main: Putter exited with \(putter.exitCode ?? 99), Getter with \(getter.exitCode ?? 99)")
// endregion: clients

// region: wrong-key
let intruder = MP.Process(
    target: Intruder.self, argument: ClientOrders(address: address, key: Array("a good guess".utf8)), name: "Intruder")
try intruder.start()
try intruder.join()
// endregion: wrong-key

// region: eavesdrop
let (relayPortReader, relayPortWriter) = try MP.Pipe(duplex: false)
let relay = MP.Process(
    target: Relay.self, argument: RelayOrders(serverPort: address.port ?? 0, report: relayPortWriter, key: key),
    name: "Relay", daemon: true)
try relay.start()
relayPortWriter.close()
let relayPort = try relayPortReader.recv(UInt16.self)
let relayed = MP.Process(
    target: Putter.self, argument: ClientOrders(address: .tcp(host: "127.0.0.1", port: relayPort), key: key),
    name: "RelayedPutter")
try relayed.start()
try relayed.join()
try relay.join()
// endregion: eavesdrop

// region: shutdown
let mine = try remoteQueue(orders)
let left = try mine.count()
let last = try mine.get(timeout: 5)
say("main: the queue holds \(left) note: \"\(last.text)\", written by \(last.writer)")
try MP.BaseManager(address: address, authKey: key).shutdownServer()
try server.join()
say("main: QueueServer exited with \(server.exitCode ?? 99)")
// endregion: shutdown
