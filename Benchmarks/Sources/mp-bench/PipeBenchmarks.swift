import Multiprocessing

/// Sends back every integer it receives until it receives -1.
enum EchoChild: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        try connection.send("ready")
        while true {
            let value = try connection.recv(Int.self)
            if value < 0 { return }
            try connection.send(value)
        }
    }
}

struct SinkOrder: Codable {
    var connection: MP.Connection
    var messages: Int
}

/// Receives `messages` raw messages and replies with the byte total.
enum SinkChild: MP.ProcessTarget {
    static func run(_ order: SinkOrder) throws {
        try order.connection.send("ready")
        var total = 0
        for _ in 0..<order.messages { total += try order.connection.recvBytes().count }
        try order.connection.send(total)
    }
}

/// The duplex-pipe benchmarks of CPython's py_pipe.py, with the default start method.
enum PipeBenchmarks {
    static func pingPongMicroseconds(roundTrips: Int) throws -> Double {
        let (mine, theirs) = try MP.Pipe()
        let child = MP.Process(target: EchoChild.self, argument: theirs)
        try child.start()
        guard try mine.recv(String.self) == "ready" else { throw BenchmarkFailure("no handshake") }
        let started = now()
        for i in 0..<roundTrips {
            try mine.send(i)
            guard try mine.recv(Int.self) == i else { throw BenchmarkFailure("wrong echo") }
        }
        let elapsed = now() - started
        try mine.send(-1)
        try child.join()
        return elapsed / Double(roundTrips) * 1e6
    }

    static func bandwidthMegabytesPerSecond(mebibytes: Int) throws -> Double {
        let chunk = [UInt8](repeating: 120, count: 1 << 20)
        let (mine, theirs) = try MP.Pipe()
        let child = MP.Process(target: SinkChild.self, argument: SinkOrder(connection: theirs, messages: mebibytes))
        try child.start()
        guard try mine.recv(String.self) == "ready" else { throw BenchmarkFailure("no handshake") }
        let started = now()
        for _ in 0..<mebibytes { try mine.sendBytes(chunk) }
        let total = try mine.recv(Int.self)
        let elapsed = now() - started
        try child.join()
        guard total == mebibytes << 20 else { throw BenchmarkFailure("lost bytes: \(total)") }
        return Double(total) / elapsed / 1e6
    }
}
