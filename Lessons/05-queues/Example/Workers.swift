import Multiprocessing

// region: worker-target
/// What a worker sends back for each number it takes.
struct Record: Codable {
    let worker: String
    let number: Int
    let result: Int
}

/// The two queues every worker shares. A task of `nil` is the stop marker.
struct WorkerQueues: Codable {
    let tasks: MP.Queue<Int?>
    let results: MP.Queue<Record>
}

/// Takes numbers until the stop marker; doubles each and puts a record.
enum Doubler: MP.ProcessTarget {
    static func run(_ queues: WorkerQueues) throws {
        let me = MP.currentProcess
        var done = 0
        while let number = try queues.tasks.get() {
            nap(0.005)  // pretend that doubling takes a while
            let record = Record(worker: me.name, number: number, result: number * 2)
            say("\(me.name) doubled \(number) to \(record.result)")
            try queues.results.put(record)
            done += 1
        }
        say("\(me.name) (pid \(me.pid)) got the stop marker after \(done) numbers")
    }
}
// endregion: worker-target
