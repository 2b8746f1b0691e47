import Multiprocessing
import XCTest

/// What a program printed with plain `print` is not lost when it crashes:
/// the core flushes standard output on the way down (before this, a pipe
/// reader saw nothing of a crashing child's or program's lines).
final class CrashFlushTests: HelperTestCase {
    func testPrintedLinesSurviveATrapInAChildAndInTheProgram() throws {
        for method in methods {
            let program = try HelperProgram.run(["crash-flush", method])
            let v = program.values
            XCTAssertEqual(v["child.line"], "printed before the trap", "\(method): \(program.output)")
            XCTAssertEqual(v["main.line"], "printed before the main program's own trap", "\(method): \(program.output)")
            let childCode = Int32(v["child.exitCode"] ?? "") ?? 0
            XCTAssertTrue([-SIGILL, -SIGTRAP].contains(childCode), "the child still dies of its trap: \(childCode)")
            XCTAssertTrue([-SIGILL, -SIGTRAP].contains(program.exitCode ?? 0),
                          "the program still dies of its trap: \(String(describing: program.exitCode))")
        }
    }
}
