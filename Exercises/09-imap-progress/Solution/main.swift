import Glibc
import Multiprocessing

// Exercise 9, the reference solution: results taken from imapUnordered as
// they arrive, with a progress line for each.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// One task's answer, with the input it belongs to.
struct Square: Codable {
    let input: Int
    let square: Int
}

/// A slow task: it takes N tenths of a second (a stand-in for slow work,
/// such as a download), then returns N squared.
enum SlowSquare: MP.PoolTask {
    static func run(_ n: Int) throws -> Square {
        say("worker \(MP.currentProcess.pid) starts \(n)")
        usleep(UInt32(n) * 100_000)
        return Square(input: n, square: n * n)
    }
}

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }.filter { (0...20).contains($0) }
say("main: \(numbers.count) tasks for a pool of 2 workers")
let squares = try MP.withPool(processes: 2) { pool in
    var arrived: [Square] = []
    for result in try pool.imapUnordered(SlowSquare.self, numbers) {
        let answer = try result.get()
        arrived.append(answer)
        say("done \(arrived.count) of \(numbers.count): \(answer.input) -> \(answer.square)")
    }
    return arrived
}
say("results: \(squares.map(\.square).sorted())")
