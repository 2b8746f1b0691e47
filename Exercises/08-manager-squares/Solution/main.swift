import Glibc
import Multiprocessing

// Exercise 8, the reference solution: squarer processes share the work on
// one managed list, each through its own proxy calls.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// What one squarer is handed: the proxy of the managed list, and which
/// indices are its own (first, first + step, first + 2 * step, ...).
struct SquarerJob: Codable {
    var numbers: MP.ListProxy<Int>
    var first: Int
    var step: Int
    var count: Int
}

/// Replaces each element at its own indices with the element's square.
enum Squarer: MP.ProcessTarget {
    static func run(_ job: SquarerJob) throws {
        let mine = Array(stride(from: job.first, to: job.count, by: job.step))
        for index in mine {
            let value = try job.numbers.get(index)         // a request to the server
            try job.numbers.set(index, value * value)      // and another
        }
        let me = "\(MP.currentProcess.name) (pid \(MP.currentProcess.pid))"
        say("\(me) squared elements \(mine.map(String.init).joined(separator: ", "))")
    }
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 2, arguments[0] >= 1, arguments[1] >= 1 else {
    say("usage: N PROCESSES (a list of 0 to N-1, squared by PROCESSES processes)")
    exit(2)
}
let (n, processes) = (arguments[0], arguments[1])

try MP.withManager { manager in
    let numbers = try manager.list(Array(0..<n))
    say("main: a managed list holds 0 to \(n - 1); \(processes) squarers share it")
    let squarers = (1...processes).map { k in
        MP.Process(
            target: Squarer.self,
            argument: SquarerJob(numbers: numbers, first: k - 1, step: processes, count: n),
            name: "Squarer-\(k)")
    }
    for squarer in squarers { try squarer.start() }
    for squarer in squarers { try squarer.join() }
    say("main: \(try numbers.toArray())")
}
