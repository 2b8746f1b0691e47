import Foundation
import Multiprocessing

// Exercise 2 done in one process: no child is started. The main program
// prints each "child" line itself and works out each exit code from the word
// the way the kernel would (an exit status keeps only its low 8 bits). It must
// fail its grade: only the kernel's record of the run tells it apart from the
// real thing, and `workbook dev check` makes sure it does.

MP.bootstrap()

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

/// Prints one line and hands it on at once, so that lines from several
/// processes come out in the order they were printed.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

var endings: [Ending] = []
for word in CommandLine.arguments.dropFirst() {
    guard let ending = Ending(word: word) else {
        FileHandle.standardError.write(Data("not an ending: \(word) (use return, exit=N, throw or signal=N)\n".utf8))
        exit(64)
    }
    endings.append(ending)
}

var codes: [Int32] = []
for (index, ending) in endings.enumerated() {
    let me = "Process-\(index + 1) (pid \(getpid()))"
    switch ending {
    case .returns:
        say("\(me) returns")
        codes.append(0)
    case .exits(let code):
        say("\(me) calls exit(\(code))")
        codes.append(code & 0xff)
    case .throwsError:
        say("\(me) throws an error")
        codes.append(1)
    case .signal(let number):
        say("\(me) raises signal \(number)")
        codes.append(-number)
    }
}
for (index, code) in codes.enumerated() {
    let meaning = code == 0 ? "success" : code > 0 ? "exit status \(code)" : "killed by signal \(-code)"
    say("Process-\(index + 1): exit code \(code) (\(meaning))")
}
say("exit codes: \(codes)")
