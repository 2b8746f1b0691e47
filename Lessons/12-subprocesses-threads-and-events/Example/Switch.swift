import Glibc
import Multiprocessing

// region: where-task
/// Squares a number and says where it ran: the process (its name and pid)
/// and the thread, as the threads twin names threads.
enum WhereSquare: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        nap(0.02)  // a little work, so that both workers get some
        let process = MP.currentProcess
        let thread = MP.Threads.currentProcess.name
        say("square of \(x) is \(x * x), in \(process.name) (pid \(getpid()), thread \(thread))")
        return x * x
    }
}
// endregion: where-task

// region: with-processes
enum WithProcesses {
    typealias Parallel = MP

    static func squares() throws -> [Int] {
        try Parallel.withPool(processes: 2) { pool in
            try pool.map(WhereSquare.self, Array(1...6), chunkSize: 1)
        }
    }
}
// endregion: with-processes

// region: with-threads
enum WithThreads {
    typealias Parallel = MP.Threads

    static func squares() throws -> [Int] {
        try Parallel.withPool(processes: 2) { pool in
            try pool.map(WhereSquare.self, Array(1...6), chunkSize: 1)
        }
    }
}
// endregion: with-threads
