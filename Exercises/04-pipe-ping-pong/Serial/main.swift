import Foundation
import Multiprocessing

// Exercise 4 done in one process: the main program plays both sides,
// sending on one end of the pipe and receiving on the other. The output is
// right; only the kernel's record of who wrote each line tells it apart. It
// must fail its grade: `workbook dev check` makes sure it does.

MP.bootstrap()

func say(_ line: String) {
    print(line)
    fflush(nil)
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 2, arguments[0] >= 1 else {
    FileHandle.standardError.write(Data("usage: ROUNDS FIRST (two whole numbers, ROUNDS at least 1)\n".utf8))
    exit(64)
}
let (rounds, first) = (arguments[0], arguments[1])

let (pingEnd, pongEnd) = try MP.Pipe()
var value = first
var got = value
for _ in 0..<rounds {
    say("Ping sends \(value)")
    try pingEnd.send(value)
    let ball = try pongEnd.recv(Int.self)
    say("Pong got \(ball), sends \(ball + 1)")
    try pongEnd.send(ball + 1)
    got = try pingEnd.recv(Int.self)
    say("Ping got \(got)")
    value = got + 1
}
say("Ping: \(rounds) rounds, final value \(got)")
pingEnd.close()
do {
    _ = try pongEnd.recv(Int.self)
} catch is MP.EOFError {
    say("Pong: end of file after \(rounds) balls")
}
pongEnd.close()
say("main: Ping exited with 0, Pong exited with 0")
