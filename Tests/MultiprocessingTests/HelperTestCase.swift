import Multiprocessing
import XCTest

/// A test case that drives the helper program and, after every test,
/// checks that no process was left behind.
class HelperTestCase: XCTestCase {
    let methods = MP.StartMethod.allCases.map(\.rawValue)

    override func tearDown() {
        let leftovers = leftoverChildren()
        XCTAssertEqual(leftovers, [], "processes left running after the test: \(leftovers)")
        super.tearDown()
    }

    /// Runs `scenario` under `method`, checks that the helper ended well,
    /// and returns what it printed.
    func scenario(
        _ scenario: String, _ method: String, environment: [String: String] = [:],
        expectExitCode: Int32 = 0, file: StaticString = #filePath, line: UInt = #line
    ) throws -> HelperProgram {
        let program = try HelperProgram.run([scenario, method], environment: environment, file: file, line: line)
        XCTAssertEqual(program.exitCode, expectExitCode,
                       "\(scenario) under \(method): output \(program.output) errors \(program.errors)",
                       file: file, line: line)
        return program
    }
}
