import Foundation
import Multiprocessing

// Exercise 2: exit codes. The task is in exercise.md
// (`workbook read --exercise 2`); grade with `workbook grade 2`.

MP.bootstrap()

// region: ending
/// How one child is to end: one word of the command line.
enum Ending: Codable {
    case returns        // "return": its target returns
    case exits(Int32)   // "exit=N": it calls exit(N)
    case throwsError    // "throw": its target throws an error
    case signal(Int32)  // "signal=N": it sends itself signal N

    /// Reads one word, such as `exit=3`; nil when the word is none of the four.
    init?(word: String) {
        if word == "return" {
            self = .returns
        } else if word == "throw" {
            self = .throwsError
        } else if word.hasPrefix("exit="), let code = Int32(word.dropFirst(5)) {
            self = .exits(code)
        } else if word.hasPrefix("signal="), let number = Int32(word.dropFirst(7)) {
            self = .signal(number)
        } else {
            return nil
        }
    }
}

/// The error a child throws when its word is `throw`.
struct ToldToFail: Error, CustomStringConvertible {
    var description: String { "this child was told to throw" }
}
// endregion: ending

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// region: starter
// TODO: a named target (a type conforming to MP.ProcessTarget) whose
// argument is an `Ending`. It prints its line first, then ends that way:
//   Process-1 (pid 4242) returns                 and returns
//   Process-2 (pid 4243) calls exit(3)           and calls exit(3)
//   Process-3 (pid 4244) throws an error         and throws ToldToFail()
//   Process-4 (pid 4245) raises signal 15        and sends itself signal 15

// The endings come from the command line; the graded run passes
// return exit=3 throw signal=15 exit=42 signal=9
var endings: [Ending] = []
for word in CommandLine.arguments.dropFirst() {
    guard let ending = Ending(word: word) else {
        FileHandle.standardError.write(Data("not an ending: \(word) (use return, exit=N, throw or signal=N)\n".utf8))
        exit(64)
    }
    endings.append(ending)
}

// TODO: make one process per ending, start them all, then join them all.
// TODO: then, in the order given, one line per process with its exit code
// and what that code means, and last the `exit codes:` line:
//   Process-1: exit code 0 (success)
//   Process-2: exit code 3 (exit status 3)
//   Process-4: exit code -15 (killed by signal 15)
//   exit codes: [0, 3, ...]
say("\(endings.count) endings read; no process started yet")
// endregion: starter
