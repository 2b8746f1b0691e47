import Foundation
import Multiprocessing

// Exercise 6: the lost update. The task is in exercise.md
// (`workbook read --exercise 6`); grade with `workbook grade 6`.

MP.bootstrap()

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// The command line gives the number of adders and how many times each adds
// 1 (both at least 1); the graded run passes 4 500000.
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
guard arguments.count == 2, arguments.allSatisfy({ $0 >= 1 }) else {
    FileHandle.standardError.write(Data("usage: ADDERS TIMES (two whole numbers, each at least 1)\n".utf8))
    exit(64)
}
let (adderCount, times) = (arguments[0], arguments[1])

// region: starter
/// What every adder is given: the shared counter and how many times to add 1.
struct Job: Codable {
    let counter: MP.Value<Int64>
    let times: Int
}

/// Adds 1 to the shared counter, `times` times.
enum Adder: MP.ProcessTarget {
    static func run(_ job: Job) throws {
        for _ in 0..<job.times {
            // TODO: this loses updates when adders run at the same time.
            // Make the read, the addition and the write one step that no
            // other process can cut into.
            job.counter.value += 1
        }
        say("\(MP.currentProcess.name) (pid \(MP.currentProcess.pid)) added 1 to the counter \(job.times) times")
    }
}

let counter = try MP.Value<Int64>(0)
let adders = (1...adderCount).map { k in
    MP.Process(target: Adder.self, argument: Job(counter: counter, times: times), name: "Adder-\(k)")
}
// The adders run at the same time: all are started before any is joined.
for adder in adders { try adder.start() }
for adder in adders { try adder.join() }

let expected = Int64(adderCount * times)
say("main: the counter is \(counter.value), expected \(expected)")
say("main: \(expected - counter.value) updates lost")
// endregion: starter
