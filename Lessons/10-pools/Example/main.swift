import Dispatch
import Glibc
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: pool
let pool = try MP.Pool(processes: 4)
let workers = MP.activeChildren()
say("main (pid \(getpid())): a pool of \(pool.processes) workers: \(roll(workers))")
// endregion: pool

// region: map
say("main: map(Square.self, [0, 1, 2, 3, 4, 5])")
let squares = try pool.map(Square.self, Array(0...5))
say("main: \(squares)")
// endregion: map

// region: imap-unordered
var arrivals: [Int] = []
for result in try pool.imapUnordered(SlowSquare.self, Array(0...5)) {
    arrivals.append(try result.get())
}
say("main: imapUnordered gave \(arrivals), in the order they finished")
say("main: sorted, they are \(arrivals.sorted()): the same as map's: \(arrivals.sorted() == squares)")
// endregion: imap-unordered

// region: apply-async
let six = try pool.applyAsync(Square.self, 6)
say("main: applyAsync(Square.self, 6).get(timeout: 1) = \(try six.get(timeout: 1))")

let four = try pool.applyAsync(Square.self, 4, callback: { square in
    callbackRuns.add(1, ordering: .relaxed)
    say("callback: got \(square), in the main program (pid \(getpid()))")
    callbackRan.signal()
})
_ = callbackRan.wait(timeout: .now() + 10)
nap(0.1)  // time enough for a second call, if there were one
say("main: the callback ran \(callbackRuns.load(ordering: .relaxed)) time; four.get() = \(try four.get())")
// endregion: apply-async

// region: apply
let cubes = try (1...100).map { x in try pool.apply(Cube.self, x) }
let shown = cubes.prefix(3).map(String.init) + ["..."] + cubes.suffix(3).map(String.init)
say("main: 100 cubes, one apply at a time: \(shown.joined(separator: ", "))")
say("main: each is x*x*x: \(cubes == (1...100).map { $0 * $0 * $0 }); their sum: \(cubes.reduce(0, +))")
// endregion: apply

// region: words
let words = try readWords()
let pending = try words.map { word in try pool.applyAsync(Measure.self, word) }
let pairs = try pending.map { result in try result.get(timeout: 10) }
say("main: \(words.count) words sent, \(pairs.count) pairs back")
say("main: the first \(pairs[0]), the last \(pairs[pairs.count - 1])")
let byLength = pairs.sorted { $0.length < $1.length }
say("main: the shortest \(byLength[0]), the longest \(byLength[byLength.count - 1])")
say("main: every pair is right: \(zip(words, pairs).allSatisfy { $1 == LengthAndWord(length: $0.count, word: $0) })")
// endregion: words

// region: close
pool.close()
try pool.join()
say("main: closed and joined; the workers' exit codes: \(workers.sorted { $0.name < $1.name }.map { $0.exitCode ?? 99 })")
// endregion: close

// region: terminate
let doomed = try MP.Pool(processes: 4)
let doomedWorkers = MP.activeChildren()
say("main: a second pool: \(roll(doomedWorkers))")
// Four inputs, one for each worker: every worker has started before terminate().
say("main: first map: \(try doomed.map(Square.self, [10, 20, 30, 40]))")
say("main: second map: \(try doomed.map(Square.self, [50, 60, 70, 80]))")
doomed.terminate()
try doomed.join()
say("main: terminated and joined; the workers' exit codes: \(doomedWorkers.sorted { $0.name < $1.name }.map { $0.exitCode ?? 99 })")
do {
    _ = try doomed.map(Square.self, [90])
    say("main: a third map ran?")
} catch let error as MP.PoolError {
    say("main: a third map throws PoolError.\(error == .closed ? "closed" : "\(error)"): \(error)")
}
// endregion: terminate
