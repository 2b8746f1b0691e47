import Foundation
import Multiprocessing

// Exercise 2, the reference solution: four ways to end, and the exit codes
// that tell them apart.

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

/// Prints its line, then ends the way its argument says.
enum EndAs: MP.ProcessTarget {
    static func run(_ ending: Ending) throws {
        let me = "\(MP.currentProcess.name) (pid \(MP.currentProcess.pid))"
        switch ending {
        case .returns:
            say("\(me) returns")
        case .exits(let code):
            say("\(me) calls exit(\(code))")
            exit(code)
        case .throwsError:
            say("\(me) throws an error")
            throw ToldToFail()
        case .signal(let number):
            say("\(me) raises signal \(number)")
            raise(number)
        }
    }
}

/// What an exit code says about how the process ended.
func meaning(of code: Int32) -> String {
    if code == 0 { return "success" }
    if code > 0 { return "exit status \(code)" }
    return "killed by signal \(-code)"
}

var endings: [Ending] = []
for word in CommandLine.arguments.dropFirst() {
    guard let ending = Ending(word: word) else {
        FileHandle.standardError.write(Data("not an ending: \(word) (use return, exit=N, throw or signal=N)\n".utf8))
        exit(64)
    }
    endings.append(ending)
}

let children = endings.map { MP.Process(target: EndAs.self, argument: $0) }
for child in children { try child.start() }
for child in children { try child.join() }
var codes: [Int32] = []
for child in children {
    let code = child.exitCode ?? 99  // never nil after join()
    say("\(child.name): exit code \(code) (\(meaning(of: code)))")
    codes.append(code)
}
say("exit codes: \(codes)")
