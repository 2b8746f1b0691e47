import Foundation
import Multiprocessing

// Exercise 1, the reference solution: factorials in parallel.

MP.bootstrap()

/// n! for n >= 0, without overflow traps: multiplication reports overflow.
func factorial(_ n: Int) throws -> Int {
    guard n >= 0 else { throw FactorialError.negative }
    var product = 1
    for k in stride(from: 2, through: n, by: 1) {
        let (next, overflowed) = product.multipliedReportingOverflow(by: k)
        if overflowed { throw FactorialError.tooBig }
        product = next
    }
    return product
}

/// What can go wrong.
enum FactorialError: Error, Codable {
    case negative
    case tooBig
}

/// One number's outcome, sent back from the worker (an error cannot cross
/// as a value, so it travels as a case of this enum).
enum Outcome: Codable {
    case value(Int)
    case failed(FactorialError)
}

/// The pool task: one factorial, in a worker process.
enum Factorial: MP.PoolTask {
    static func run(_ n: Int) throws -> Outcome {
        print("worker \(MP.currentProcess.pid) computes \(n)!")
        fflush(nil)
        do { return .value(try factorial(n)) } catch let error as FactorialError { return .failed(error) }
    }
}

let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let outcomes = try MP.withPool(processes: 4) { pool in
    try pool.map(Factorial.self, numbers)
}
var values: [Int] = []
for (n, outcome) in zip(numbers, outcomes) {
    switch outcome {
    case .value(let value):
        print("\(n)! = \(value)")
        values.append(value)
    case .failed(.negative):
        print("\(n)! is undefined: negative numbers have no factorial")
    case .failed(.tooBig):
        print("\(n)! is undefined: it does not fit in an Int")
    }
}
print("factorials: \(values)")
