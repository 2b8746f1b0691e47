import Foundation
import Multiprocessing

// Exercise 1: factorials in parallel. The task is in exercise.md
// (`workbook read --exercise 1`); grade with `workbook grade 1`.

MP.bootstrap()

// region: starter
/// n! for n >= 0. Throws `FactorialError.negative` for n < 0 and
/// `FactorialError.tooBig` when the result does not fit in an `Int`.
func factorial(_ n: Int) throws -> Int {
    // TODO: compute n! (0! is 1), throwing the errors above.
    return 0
}

/// What can go wrong.
enum FactorialError: Error, Codable {
    case negative
    case tooBig
}

// The numbers come from the command line; the graded run passes 5 8 10 15 3 6 4.
let numbers = CommandLine.arguments.dropFirst().compactMap { Int($0) }

// TODO: compute every factorial in a pool of worker processes (MP.Pool),
// each worker printing `worker PID computes N!` as it starts a number;
// then print one line per number, in order, and the `factorials:` line.
for n in numbers {
    print("\(n)! = \(try factorial(n))")
}
// endregion: starter
