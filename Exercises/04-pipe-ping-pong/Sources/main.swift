import Foundation
import Multiprocessing

// Exercise 4: ping-pong through a pipe. The task is in exercise.md
// (`workbook read --exercise 4`); grade with `workbook grade 4`.

MP.bootstrap()

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// region: starter
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
        // TODO: each round, say "Ping sends V", send V, receive W and say
        // "Ping got W"; the next round sends W + 1 (the first sends
        // job.first). After the last round say
        // "Ping: R rounds, final value W", and close your end.
    }
}

/// Sends back every value it receives, plus one, until the end of file.
enum Pong: MP.ProcessTarget {
    static func run(_ end: MP.Connection) throws {
        // TODO: receive values until recv throws MP.EOFError; for each value
        // V, say "Pong got V, sends V+1" (with the numbers) and send V + 1.
        // At the end of file, say "Pong: end of file after N balls".
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

// TODO: make a duplex pipe (MP.Pipe()), start a process named "Ping" with
// one end and one named "Pong" with the other, close the main program's
// copies of both ends, join both, and say
// "main: Ping exited with 0, Pong exited with 0" (their real exit codes).
say("main: \(rounds) rounds from \(first) to play; no process started yet")
// endregion: starter
