import Glibc
import Multiprocessing

// Exercise 8: squares in a managed list. The task is in exercise.md
// (`workbook read --exercise 8`); grade with `workbook grade 8`.

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
        // TODO: square the element at each of `mine` through the proxy
        // `job.numbers`, then print
        // `Squarer-K (pid PID) squared elements I, J, ...` (this process's
        // name and pid come from MP.currentProcess).
        _ = mine
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
    // TODO: start `processes` processes named Squarer-1, Squarer-2, ...,
    // Squarer-K taking the indices K-1, K-1 + processes, ... (a SquarerJob
    // each), and wait for all of them before printing the list.
    say("main: \(try numbers.toArray())")
}
