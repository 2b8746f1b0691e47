import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: chunks-shown
let twoWorkers = try MP.Pool(processes: 2)
let chunkSize = 4
let squares = try twoWorkers.map(SquareAndSay.self, Array(0..<12), chunkSize: chunkSize)
say("main: map with chunkSize \(chunkSize) gave \(squares)")
// endregion: chunks-shown

// region: chunk-timing
let count = 20_000
let numbers = Array(0..<count)
let expected = numbers.reduce(0, +) + count     // the sum of all the x + 1
say("main: \(count) tiny tasks on 2 workers")
for size in [1, 10, 100, 1000, nil] {
    let (results, seconds) = try timed { try twoWorkers.map(AddOne.self, numbers, chunkSize: size) }
    let label = size.map { "chunkSize \($0)" } ?? "the default"
    let perTask = fixed(seconds * 1e6 / Double(count), places: 1)
    let right = results.reduce(0, +) == expected
    say("main: \(label): \(fixed(seconds, places: 3)) s, \(perTask) µs a task, sum right: \(right)")
}
twoWorkers.close()
try twoWorkers.join()
// endregion: chunk-timing

// region: init-pool
let candidates = Array(1_999_900..<2_000_000)
try MP.withPool(processes: 3, initializer: BuildPrimeTable.self) { pool in
    let answers = try pool.map(IsPrime.self, candidates, chunkSize: 1)
    let primes = zip(candidates, answers).filter { $0.1 }.map { $0.0 }
    say("main: the primes among \(candidates.first!) to \(candidates.last!): \(primes)")
}
// endregion: init-pool

// region: worker-lost
let pool = try MP.Pool(processes: 2)
let inputs = Array(10...16)
let outcomes = try pool.imap(Fragile.self, inputs)
nap(0.5)   // let the pool replace the dead worker before this thread goes on (see below)
for (x, outcome) in zip(inputs, outcomes) {
    switch outcome {
    case .success(let square):
        say("main: \(x) -> \(square)")
    case .failure(let lost as MP.WorkerLost):
        say("main: \(x) -> WorkerLost: the worker, pid \(lost.pid), ended with exit code \(lost.exitCode)")
    case .failure(let error):
        say("main: \(x) -> another error: \(error)")
    }
}
say("main: the pool goes on: \(try pool.map(Square.self, [1, 2, 3]))")
// endregion: worker-lost

// region: catching
do {
    _ = try pool.apply(ParseNumber.self, "seven")
} catch let error as NotANumber {
    say("main: apply threw NotANumber(text: \"\(error.text)\"), thrown in pid \(error.pid)")
}
do {
    _ = try pool.map(ParseNumber.self, ["1", "two", "3", "four"])
} catch let error as NotANumber {
    say("main: map threw NotANumber(text: \"\(error.text)\"), the first failure in input order")
}
do {
    _ = try pool.apply(Barista.self, 3)
} catch let error as MP.RemoteError {
    say("main: apply threw RemoteError: type \(error.typeName), message \"\(error.message)\"")
}
// endregion: catching

// region: async
async let asyncSquares = pool.map(Square.self, Array(1...5))
async let oneSquare = pool.apply(Square.self, 12)
say("main: async map \(try await asyncSquares), async apply \(try await oneSquare)")
var arrivals: [Int] = []
for try await milliseconds in try pool.unorderedResults(Sleepy.self, [300, 100, 200]) {
    arrivals.append(milliseconds)
}
say("main: unorderedResults, in the order they finished: \(arrivals)")
pool.close()
try pool.join()
// endregion: async

// region: max-tasks-pool
let pids = try MP.withPool(processes: 2, maxTasksPerChild: 3) { pool in
    let pending = try pool.mapAsync(CountedTask.self, Array(1...12), chunkSize: 1)
    pending.wait()
    nap(0.3)   // as above: let the pool replace its last retired workers in peace
    return try pending.get()
}
say("main: 12 tasks ran in \(Set(pids).count) different worker processes, 2 at a time")
// endregion: max-tasks-pool
