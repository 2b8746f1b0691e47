import XCTest
@testable import Workbook

/// Checks `output` against the block `script` (first line numbered 1).
func check(_ script: String, _ output: String, trace: [TraceEvent] = [], firstLine: Int = 1) throws -> CheckOutcome {
    try CheckScript(parsing: script, firstLine: firstLine).check(output: output, trace: trace)
}

/// The syntax error parsing `script` throws, or nil.
func syntaxError(_ script: String, firstLine: Int = 1) -> CheckSyntaxError? {
    do {
        _ = try CheckScript(parsing: script, firstLine: firstLine)
        return nil
    } catch let error as CheckSyntaxError {
        return error
    } catch {
        XCTFail("unexpected error \(error)")
        return nil
    }
}

extension CheckOutcome {
    /// The result of the directive on this chapter line.
    func result(at line: Int) -> CheckResult? {
        results.first { $0.directive.line == line }
    }

    /// The value finally captured for a name.
    func value(_ name: String) -> String? {
        captures.last { $0.name == name }?.value
    }
}
