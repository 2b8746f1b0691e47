import Foundation
import Workbook

// How fast the check language is on big outputs: 100 000 lines checked
// (a pass), and a failure reported against 100 000 lines. Prints medians
// over --reps runs (default 7):
//
//     name=check_100k_lines_pass median=0.41 min=0.39 max=0.45 unit=s reps=7
//     name=check_100k_lines_failure_report median=0.52 min=0.50 max=0.60 unit=s reps=7
//
// Build for release for figures a user would see:
// swift build -c release --product workbook-bench && .build/release/workbook-bench

let arguments = CommandLine.arguments
let reps = arguments.firstIndex(of: "--reps").flatMap { Int(arguments[$0 + 1]) } ?? 7

func measure(_ name: String, _ body: () throws -> Void) rethrows {
    var times: [Double] = []
    for _ in 0..<reps {
        let start = ContinuousClock.now
        try body()
        let elapsed = start.duration(to: .now)
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    times.sort()
    print(String(format: "name=%@ median=%.3f min=%.3f max=%.3f unit=s reps=%d",
                 name, times[times.count / 2], times[0], times[times.count - 1], reps))
}

var passing = ""
for index in 0..<100_000 { passing += "worker \(index) did step \(index % 7)\n" }
passing += "all done\n"
let passScript = try CheckScript(parsing: """
    CHECK: worker [[FIRST:[0-9]+]] did step 0
    CHECK-NOT: {{.*}}error{{.*}}
    CHECK: all done
    CHECK-TOTAL-1: all done
    CHECK-TOTAL-14286: worker {{[0-9]+}} did step 3
    """)
try measure("check_100k_lines_pass") {
    guard passScript.check(output: passing, trace: []).passed else { throw CocoaError(.featureUnsupported) }
}

let failing = (0..<100_000).map { "line \($0)" }.joined(separator: "\n")
let failScript = try CheckScript(parsing: "CHECK: line 10\nCHECK: line ten")
measure("check_100k_lines_failure_report") {
    _ = failScript.check(output: failing, trace: []).report(color: false)
}
