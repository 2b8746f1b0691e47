import Foundation
import Multiprocessing

// Exercise 5, the reference solution: workers take numbers from a task queue
// and put their factors on a results queue.

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

/// What a worker puts on the results queue for each number.
struct Factored: Codable {
    let number: Int
    let factors: [Int]
    let worker: String
}

/// The two queues every worker shares. A task of nil is the stop marker.
struct WorkerQueues: Codable {
    let tasks: MP.Queue<Int?>
    let results: MP.Queue<Factored>
}

/// Factors numbers from the task queue until it gets the stop marker.
enum Factorer: MP.ProcessTarget {
    static func run(_ queues: WorkerQueues) throws {
        let me = MP.currentProcess
        var done = 0
        while let number = try queues.tasks.get() {
            let factors = primeFactors(number)
            say("\(me.name) factored \(number)")
            try queues.results.put(Factored(number: number, factors: factors, worker: me.name))
            done += 1
        }
        say("\(me.name) (pid \(me.pid)) got the stop marker after \(done) tasks")
    }
}

let tasks = try MP.Queue<Int?>()
let resultsQueue = try MP.Queue<Factored>()
let workers = (1...workerCount).map { k in
    MP.Process(target: Factorer.self, argument: WorkerQueues(tasks: tasks, results: resultsQueue), name: "Worker-\(k)")
}
for worker in workers { try worker.start() }
for number in numbers { try tasks.put(number) }
for _ in workers { try tasks.put(nil) }  // one stop marker per worker

var records: [Factored] = []
for _ in numbers { records.append(try resultsQueue.get()) }
for worker in workers { try worker.join() }

say("main: \(records.count) results from \(workerCount) workers, sorted by number:")
for record in records.sorted(by: { $0.number < $1.number }) {
    say(describe(record.number, record.factors))
}
for worker in workers {
    say("main: \(worker.name) did \(records.filter { $0.worker == worker.name }.count) tasks")
}
