import Multiprocessing

// region: square-target
/// What a squaring child is given: its number and the queue for its answer.
struct SquareJob: Codable {
    let x: Int
    let results: MP.Queue<Int>
}

/// Puts x*x on the results queue, and says so first.
enum PutSquare: MP.ProcessTarget {
    static func run(_ job: SquareJob) throws {
        let me = MP.currentProcess
        let square = job.x * job.x
        say("\(me.name) (pid \(me.pid)) puts \(square)")
        try job.results.put(square)
    }
}
// endregion: square-target

// region: pair-target
/// An answer that carries its question with it.
struct Square: Codable {
    let x: Int
    let square: Int
}

/// The same job, with a queue of `Square` records.
struct PairJob: Codable {
    let x: Int
    let results: MP.Queue<Square>
}

/// Puts (x, x*x) as one `Square` record.
enum PutPair: MP.ProcessTarget {
    static func run(_ job: PairJob) throws {
        let me = MP.currentProcess
        let answer = Square(x: job.x, square: job.x * job.x)
        say("\(me.name) (pid \(me.pid)) puts (\(answer.x), \(answer.square))")
        try job.results.put(answer)
    }
}
// endregion: pair-target
