import XCTest
@testable import Workbook

/// Big outputs are checked right; how fast is measured by
/// `Benchmarks/Sources/workbook-bench`, not here.
final class CheckBigOutputTests: XCTestCase {
    func testHundredThousandLinesAreCheckedRight() throws {
        var output = ""
        for index in 0..<100_000 { output += "worker \(index) did step \(index % 7)\n" }
        output += "all done\n"
        let script = try CheckScript(parsing: """
            CHECK: worker [[FIRST:[0-9]+]] did step 0
            CHECK-NOT: {{.*}}error{{.*}}
            CHECK: all done
            CHECK-TOTAL-1: all done
            CHECK-TOTAL-14286: worker {{[0-9]+}} did step 3
            """)
        let outcome = script.check(output: output, trace: [])
        XCTAssertTrue(outcome.passed, outcome.report(color: false))
    }

    func testAFailureInAHugeOutputShowsOnlyLinesAroundTheFailure() throws {
        let output = (0..<100_000).map { "line \($0)" }.joined(separator: "\n")
        let report = try CheckScript(parsing: "CHECK: line 10\nCHECK: line ten").check(output: output, trace: []).report(color: false)
        XCTAssertTrue(report.contains("FAIL"))
        XCTAssertLessThan(report.split(separator: "\n").count, 200, "the report must not list a hundred thousand lines")
    }
}
