import XCTest
@testable import Workbook

final class CheckPerformanceTests: XCTestCase {
    private func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    func testHundredThousandLinesAreCheckedQuickly() throws {
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
        var outcome: CheckOutcome?
        let elapsed = seconds { outcome = script.check(output: output, trace: []) }
        XCTAssertEqual(outcome?.passed, true, outcome?.report(color: false) ?? "")
        // Generous bound for a debug build on a shared machine.
        XCTAssertLessThan(elapsed, 3.0)
    }

    func testAFailureInAHugeOutputReportsQuickly() throws {
        let output = (0..<100_000).map { "line \($0)" }.joined(separator: "\n")
        let script = try CheckScript(parsing: "CHECK: line 10\nCHECK: line ten")
        var report = ""
        let elapsed = seconds { report = script.check(output: output, trace: []).report(color: false) }
        XCTAssertTrue(report.contains("FAIL"))
        XCTAssertLessThan(elapsed, 3.0)
    }
}
