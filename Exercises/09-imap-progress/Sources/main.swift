import Glibc
import Multiprocessing

// Exercise 9: progress from a pool. The task is in exercise.md
// (`workbook read --exercise 9`); grade with `workbook grade 9`.

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
    // TODO: `map` waits for every task before it returns, so this
    // "progress" comes all at once at the end. Take the results as they
    // arrive instead (in whatever order the tasks finish), printing
    // `done K of N: INPUT -> SQUARE` for each one as soon as it is here.
    let all = try pool.map(SlowSquare.self, numbers)
    for (k, answer) in all.enumerated() {
        say("done \(k + 1) of \(numbers.count): \(answer.input) -> \(answer.square)")
    }
    return all
}
// TODO: print the squares in increasing order: `results: [4, 9, ...]`.
say("results: \(squares.map(\.square))")
