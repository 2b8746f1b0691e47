import Foundation
import Multiprocessing

// Exercise 5 done in one process: no worker is started. The main program
// factors every number and prints the workers' lines itself, sharing the
// numbers out among names it makes up. It must fail its grade: only the
// kernel's record of the run tells it apart, and `workbook dev check` makes
// sure it does.

MP.bootstrap()

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

var done = Array(repeating: 0, count: workerCount)
var results: [(Int, [Int])] = []
for (index, number) in numbers.enumerated() {
    say("Worker-\(index % workerCount + 1) factored \(number)")
    done[index % workerCount] += 1
    results.append((number, primeFactors(number)))
}
for k in 0..<workerCount {
    say("Worker-\(k + 1) (pid \(getpid())) got the stop marker after \(done[k]) tasks")
}
say("main: \(results.count) results from \(workerCount) workers, sorted by number:")
for (number, factors) in results.sorted(by: { $0.0 < $1.0 }) {
    say(describe(number, factors))
}
for k in 0..<workerCount {
    say("main: Worker-\(k + 1) did \(done[k]) tasks")
}
