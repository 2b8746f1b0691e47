import Multiprocessing

/// Gets until it receives nil (CPython's example sends the string 'DONE').
enum QueueReader: MP.ProcessTarget {
    static func run(_ queue: MP.Queue<Int?>) throws {
        while try queue.get() != nil {}
    }
}

/// CPython's py_queue.py: the main process puts 0..<count and then the end
/// marker; a reader process gets until the marker. Timed from just after
/// the reader's start() until its join() returns.
enum QueueBenchmarks {
    static func messagesPerSecond(count: Int) throws -> Double {
        let queue = try MP.Queue<Int?>()
        let reader = MP.Process(target: QueueReader.self, argument: queue, daemon: true)
        try reader.start()
        let started = now()
        for number in 0..<count { try queue.put(number) }
        try queue.put(nil)
        try reader.join()
        let elapsed = now() - started
        guard reader.exitCode == 0 else { throw BenchmarkFailure("the reader failed") }
        return Double(count) / elapsed
    }
}
