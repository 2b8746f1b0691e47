import Foundation
import Multiprocessing

// Exercise 5: a task queue and a results queue. The task is in exercise.md
// (`workbook read --exercise 5`); grade with `workbook grade 5`.

MP.bootstrap()

// region: helpers
/// The prime factors of `n` (at least 2), smallest first: 84 gives [2, 2, 3, 7].
func primeFactors(_ n: Int) -> [Int] {
    var factors: [Int] = []
    var rest = n
    var divisor = 2
    while divisor * divisor <= rest {
        while rest % divisor == 0 {
            factors.append(divisor)
            rest /= divisor
        }
        divisor += 1
    }
    if rest > 1 { factors.append(rest) }
    return factors
}

/// One result line: `84 = 2 * 2 * 3 * 7`, or `97 is prime`.
func describe(_ number: Int, _ factors: [Int]) -> String {
    factors.count == 1 ? "\(number) is prime" : "\(number) = " + factors.map(String.init).joined(separator: " * ")
}

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}
// endregion: helpers

// The command line gives the number of workers (at least 1), then the
// numbers to factor (each at least 2); the graded run passes
// 3 84 97 360 1001 65536 2 999983.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == CommandLine.arguments.count - 1, let workerCount = arguments.first, workerCount >= 1,
      arguments.dropFirst().allSatisfy({ $0 >= 2 }) else {
    FileHandle.standardError.write(Data("usage: WORKERS NUMBER... (WORKERS at least 1, each NUMBER at least 2)\n".utf8))
    exit(64)
}
let numbers = Array(arguments.dropFirst())

// region: starter
// TODO: a record a worker puts on the results queue for each number: the
// number, its factors, and the worker's name (it must be Codable).

// TODO: a named target, the worker. It takes numbers from a task queue
// (`MP.Queue<Int?>`, where nil is the stop marker) until it gets the
// marker. For each number it says "Worker-K factored N" and puts a record
// on a results queue. At the marker it says
// "Worker-K (pid P) got the stop marker after C tasks" and returns.

// TODO: in the main program, make the two queues, start `workerCount`
// workers named Worker-1, Worker-2, ..., put every number and then one stop
// marker per worker, take one record per number off the results queue, and
// join the workers. Then print the results sorted by number, as below, and
// one "main: Worker-K did C tasks" line per worker, counted from the records.
// For now the main program does all the work itself:
let results = numbers.map { ($0, primeFactors($0)) }.sorted { $0.0 < $1.0 }
say("main: \(results.count) results from \(workerCount) workers, sorted by number:")
for (number, factors) in results {
    say(describe(number, factors))
}
// endregion: starter
