import Multiprocessing

// region: producer-target
/// What a producer is given: how many numbers to put, and where.
struct BigJob: Codable {
    let count: Int
    let results: MP.Queue<[Int]>
}

/// Puts one large message, the numbers 0..<count, then returns at once.
enum Producer: MP.ProcessTarget {
    static func run(_ job: BigJob) throws {
        let me = MP.currentProcess
        try job.results.put(Array(0..<job.count))
        say("\(me.name) (pid \(me.pid)): put returned; \(job.count) numbers are in the queue")
    }
}
// endregion: producer-target
