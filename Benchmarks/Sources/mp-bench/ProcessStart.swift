import Multiprocessing

/// The target of the start-up benchmark: does nothing, as CPython's does.
enum EmptyTarget: MP.ProcessTarget {
    static func run(_: MP.NoArgument) throws {}
}

/// Start + join of one process after another (CPython: py_process_start.py).
enum ProcessStart {
    static func millisecondsPerProcess(method: MP.StartMethod, count: Int) throws -> Double {
        let context = MP.context(method)
        let warmUp = context.process(target: EmptyTarget.self)
        try warmUp.start()
        try warmUp.join()
        let started = now()
        for _ in 0..<count {
            let process = context.process(target: EmptyTarget.self)
            try process.start()
            try process.join()
            guard process.exitCode == 0 else { throw BenchmarkFailure("a child failed") }
        }
        return (now() - started) / Double(count) * 1000
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
