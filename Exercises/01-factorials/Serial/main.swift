import Foundation
import Multiprocessing

// Exercise 1 done in one process (a pool is started, but the main program
// computes everything and prints the workers' lines itself). It must fail its
// grade: `workbook dev check` makes sure it does.

MP.bootstrap()

func factorial(_ n: Int) -> Int? {
    guard n >= 0 else { return nil }
    var product = 1
    for k in stride(from: 2, through: n, by: 1) {
        let (next, overflowed) = product.multipliedReportingOverflow(by: k)
        if overflowed { return nil }
        product = next
    }
    return product
}

enum Idle: MP.PoolTask {
    static func run(_ n: Int) throws -> Int { n }
}

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let pool = try MP.Pool(processes: 4)
_ = try pool.map(Idle.self, numbers)
// Every line is printed by the main program, in the order the checks want,
// with the pool workers' real pids: only the kernel's record of who wrote
// each line tells this apart from the real thing.
let workers = MP.activeChildren().compactMap(\.pid)
for (index, n) in numbers.enumerated() {
    print("worker \(workers.isEmpty ? getpid() : workers[index % workers.count]) computes \(n)!")
}
var values: [Int] = []
for n in numbers {
    if let value = factorial(n) {
        print("\(n)! = \(value)")
        values.append(value)
    } else if n < 0 {
        print("\(n)! is undefined: negative numbers have no factorial")
    } else {
        print("\(n)! is undefined: it does not fit in an Int")
    }
}
print("factorials: \(values)")
pool.close()
try pool.join()
