import Foundation
import Multiprocessing

// Exercise 4, the reference solution: two processes bounce a counter through
// one duplex pipe.

MP.bootstrap()

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// What Ping is given: its end of the pipe, how many rounds to play, and
/// the value it serves first.
struct PingJob: Codable {
    let end: MP.Connection
    let rounds: Int
    let first: Int
}

/// Serves the counter, and gets it back, once per round.
enum Ping: MP.ProcessTarget {
    static func run(_ job: PingJob) throws {
        var value = job.first
        var got = value
        for _ in 0..<job.rounds {
            say("Ping sends \(value)")
            try job.end.send(value)
            got = try job.end.recv(Int.self)
            say("Ping got \(got)")
            value = got + 1
        }
        say("Ping: \(job.rounds) rounds, final value \(got)")
        job.end.close()  // Pong's next recv sees the end of file
    }
}

/// Sends back every value it receives, plus one, until the end of file.
enum Pong: MP.ProcessTarget {
    static func run(_ end: MP.Connection) throws {
        var balls = 0
        while true {
            let value: Int
            do {
                value = try end.recv(Int.self)
            } catch is MP.EOFError {
                break
            }
            say("Pong got \(value), sends \(value + 1)")
            try end.send(value + 1)
            balls += 1
        }
        say("Pong: end of file after \(balls) balls")
        end.close()
    }
}

// The command line gives the number of rounds (at least 1) and the first
// value; the graded run passes 5 40.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 2, arguments[0] >= 1 else {
    FileHandle.standardError.write(Data("usage: ROUNDS FIRST (two whole numbers, ROUNDS at least 1)\n".utf8))
    exit(64)
}
let (rounds, first) = (arguments[0], arguments[1])

let (pingEnd, pongEnd) = try MP.Pipe()
let ping = MP.Process(target: Ping.self, argument: PingJob(end: pingEnd, rounds: rounds, first: first), name: "Ping")
let pong = MP.Process(target: Pong.self, argument: pongEnd, name: "Pong")
try ping.start()
try pong.start()
// Each child has its own copy of its end now. The main program's copies
// must go: while a copy of Ping's end is open, Pong never sees the end of file.
pingEnd.close()
pongEnd.close()
try ping.join()
try pong.join()
say("main: Ping exited with \(ping.exitCode ?? 99), Pong exited with \(pong.exitCode ?? 99)")
