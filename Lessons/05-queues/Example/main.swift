import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: squares
let squares = try MP.Queue<Int>()
let squarers = (1...5).map { x in
    MP.Process(target: PutSquare.self, argument: SquareJob(x: x, results: squares), name: "Square-\(x)")
}
for process in squarers { try process.start() }
var arrived: [Int] = []
for _ in 1...5 {
    let square = try squares.get()
    say("main got \(square)")
    arrived.append(square)
}
for process in squarers { try process.join() }
say("main: in the order they arrived: \(arrived)")
// endregion: squares

// region: pairs
let pairs = try MP.Queue<Square>()
let pairers = (1...5).map { x in
    MP.Process(target: PutPair.self, argument: PairJob(x: x, results: pairs), name: "Pair-\(x)")
}
for process in pairers { try process.start() }
var answers: [Square] = []
for _ in 1...5 { answers.append(try pairs.get()) }
for process in pairers { try process.join() }
answers.sort { $0.x < $1.x }
say("main: sorted by x: " + answers.map { "\($0.x)*\($0.x) = \($0.square)" }.joined(separator: ", "))
say("main: the squares in order of x: \(answers.map(\.square))")
// endregion: pairs

// region: workers
let tasks = try MP.Queue<Int?>()
let results = try MP.Queue<Record>()
let workers = (1...4).map { n in
    MP.Process(target: Doubler.self, argument: WorkerQueues(tasks: tasks, results: results), name: "Worker-\(n)")
}
for worker in workers { try worker.start() }
for number in 1...100 { try tasks.put(number) }
for _ in workers { try tasks.put(nil) }  // one stop marker per worker

var records: [Record] = []
for _ in 1...100 { records.append(try results.get()) }
for worker in workers { try worker.join() }

let numbersSeen = records.map(\.number).sorted()
let sum = records.reduce(0) { $0 + $1.result }
say("main: \(records.count) records; numbers 1 to 100 each once: \(numbersSeen == Array(1...100)); sum of results \(sum)")
for worker in workers {
    say("main: \(records.filter { $0.worker == worker.name }.count) records came from \(worker.name)")
}
do {
    _ = try results.get(timeout: 0.1)
    say("main: there was a 101st result?")
} catch is MP.QueueEmpty {
    say("main: one more get(timeout: 0.1) threw QueueEmpty: nothing is left")
}
// endregion: workers

// region: throughput
for count in [10_000, 100_000, 1_000_000] {
    let queue = try MP.Queue<Int?>()
    let reader = MP.Process(target: Reader.self, argument: queue, name: "Reader-\(count)")
    try reader.start()
    let seconds = try secondsTaken {
        for number in 0..<count { try queue.put(number) }
        try queue.put(nil)  // the end marker
        try reader.join()
    }
    let rate = Int(Double(count) / seconds)
    say("main: \(count) messages in \(threeDecimals(seconds)) s, \(rate) messages per second")
}
// endregion: throughput

// region: joinable
let jobs = try MP.JoinableQueue<Int?>()
let helpers = (1...2).map { n in MP.Process(target: Helper.self, argument: jobs, name: "Helper-\(n)") }
for helper in helpers { try helper.start() }
say("main: putting 6 jobs, then waiting in join()")
for job in 1...6 { try jobs.put(job) }
jobs.join()
say("main: join() returned; unfinished tasks: \(jobs.unfinishedTasks)")
for _ in helpers { try jobs.put(nil) }
for helper in helpers { try helper.join() }
say("main: both helpers have ended")
// endregion: joinable

// region: put-then-join
let big = try MP.Queue<[Int]>()
let producer = MP.Process(target: Producer.self, argument: BigJob(count: 100_000, results: big), name: "Producer")
try producer.start()
try producer.join()  // before anyone has read a thing
say("main: joined \(producer.name) before reading: exit code \(producer.exitCode ?? 99)")
let numbers = try big.get()
say("main: then read \(numbers.count) numbers, sum \(numbers.reduce(0, +))")
// endregion: put-then-join

// region: small-ring
let small = try MP.Queue<[Int]>(capacity: 64 * 1024)
let stuck = MP.Process(target: Producer.self, argument: BigJob(count: 100_000, results: small), name: "Producer-small")
try stuck.start()
let ended = try stuck.join(timeout: 0.3)
say("main: join(timeout: 0.3) says ended: \(ended); \(stuck.name) alive: \(stuck.isAlive)")
let unstuck = try small.get()
say("main: read \(unstuck.count) numbers from the small ring")
try stuck.join()
say("main: now \(stuck.name) has ended: exit code \(stuck.exitCode ?? 99)")
// endregion: small-ring
