import Glibc
import Multiprocessing

// region: relay
/// What the relay is handed: the server's port, a pipe on which to say
/// which port it listens on itself, and the key (only to look for it).
struct RelayOrders: Codable {
    var serverPort: UInt16
    var report: MP.Connection
    var key: [UInt8]
}

/// A man in the middle: takes one client on a port of its own, connects to
/// the server, and copies bytes both ways, keeping a copy of each. When the
/// client hangs up, it says what it saw.
enum Relay: MP.ProcessTarget {
    static func run(_ orders: RelayOrders) throws {
        let (listener, port) = try listenOnLoopback()
        try orders.report.send(port)
        let client = accept(listener, nil, nil)
        let server = try connectToLoopback(port: orders.serverPort)
        let (fromClient, fromServer) = forward(client, server)
        close(client)
        close(server)
        close(listener)

        let everything = fromClient + fromServer
        say("\(me()): the server's first 3 messages: \(frames(fromServer).prefix(3).map(describe).joined(separator: " | "))")
        say("\(me()): the client's first 3 messages: \(frames(fromClient).prefix(3).map(describe).joined(separator: " | "))")
        say("\(me()): carried \(fromClient.count) bytes from the client and \(fromServer.count) from the server")
        say("\(me()): \"Hi There\" is in them: \(contains(everything, Array("Hi There".utf8))); "
            + "the key is in them: \(contains(everything, orders.key))")
    }
}
// endregion: relay

// region: frames
/// Cuts a byte stream into its messages: each is a 4-byte length (little
/// endian), then that many bytes.
func frames(_ bytes: [UInt8]) -> [[UInt8]] {
    var messages: [[UInt8]] = []
    var at = 0
    while at + 4 <= bytes.count {
        let length = (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
        guard at + 4 + length <= bytes.count else { break }
        messages.append(Array(bytes[(at + 4)..<(at + 4 + length)]))
        at += 4 + length
    }
    return messages
}

/// A message in a few words: the handshake's tags are text, the rest is not.
func describe(_ message: [UInt8]) -> String {
    let challenge = Array("#MP-CHALLENGE#".utf8)
    if message.starts(with: challenge) { return "#MP-CHALLENGE# + \(message.count - challenge.count) random bytes" }
    for tag in ["#WELCOME#", "#FAILURE#"] where message == Array(tag.utf8) { return tag }
    return "\(message.count) bytes"
}

/// Whether `needle` occurs in `haystack`.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, needle.count <= haystack.count else { return false }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
}
// endregion: frames

// region: sockets
/// Copies bytes between two sockets until one side hangs up; returns what
/// came from each.
func forward(_ client: Int32, _ server: Int32) -> (fromClient: [UInt8], fromServer: [UInt8]) {
    var seen: [[UInt8]] = [[], []]
    var ends = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: server, events: Int16(POLLIN), revents: 0)]
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        if poll(&ends, 2, -1) < 0 {
            if errno == EINTR { continue }
            break
        }
        for side in 0..<2 where ends[side].revents != 0 {
            let got = read(ends[side].fd, &buffer, buffer.count)
            if got <= 0 { return (seen[0], seen[1]) }
            seen[side] += buffer[0..<got]
            var sent = 0
            while sent < got {
                let wrote = buffer[sent..<got].withUnsafeBytes { write(ends[1 - side].fd, $0.baseAddress, $0.count) }
                if wrote <= 0 { return (seen[0], seen[1]) }
                sent += wrote
            }
        }
    }
    return (seen[0], seen[1])
}

/// 127.0.0.1:`port` as a socket address.
func loopback(port: UInt16) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    return address
}

/// A socket listening on 127.0.0.1, on a port the system picks, and that port.
func listenOnLoopback() throws -> (Int32, UInt16) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: 0)
    var size = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(listener, $0, size) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &size) == 0
        }
    }
    guard listener >= 0, bound else { throw MP.SystemCallError(call: "listen", code: errno) }
    return (listener, UInt16(bigEndian: address.sin_port))
}

/// A socket connected to 127.0.0.1:`port`.
func connectToLoopback(port: UInt16) throws -> Int32 {
    let connection = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = loopback(port: port)
    let connected = withUnsafePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
    guard connection >= 0, connected else { throw MP.SystemCallError(call: "connect", code: errno) }
    return connection
}
// endregion: sockets
