import Glibc
import Multiprocessing

// Exercise 9 done in one process: a pool is made, but the main program
// runs every task itself and prints the workers' lines with the workers'
// pids. It must fail its grade: `workbook dev check` makes sure it does.

MP.bootstrap()

enum Idle: MP.PoolTask {
    static func run(_ n: Int) throws -> Int { n }
}

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }.filter { (0...20).contains($0) }
print("main: \(numbers.count) tasks for a pool of 2 workers")
let pool = try MP.Pool(processes: 2)
_ = try pool.map(Idle.self, numbers)
let workers = MP.activeChildren().compactMap(\.pid)
var squares: [Int] = []
for (k, n) in numbers.enumerated() {
    print("worker \(workers.isEmpty ? getpid() : workers[k % workers.count]) starts \(n)")
    fflush(nil)
    usleep(UInt32(n) * 100_000)
    squares.append(n * n)
    print("done \(k + 1) of \(numbers.count): \(n) -> \(n * n)")
    fflush(nil)
}
print("results: \(squares.sorted())")
pool.close()
try pool.join()
