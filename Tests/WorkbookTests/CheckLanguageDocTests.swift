import XCTest
@testable import Workbook

/// Keeps `Docs/check-language.md` true: its blocks parse, and its example
/// reports are what the checker writes.
final class CheckLanguageDocTests: XCTestCase {
    private func documentation() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Docs/check-language.md"), encoding: .utf8)
    }

    /// The text of every fenced block opened with exactly this line
    /// (blocks nested in a longer fence are found too).
    private func blocks(opening opener: String, in text: String) -> [String] {
        var found: [String] = []
        var open: [(fence: String, info: String, lines: [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let ticks = String(line.prefix { $0 == "`" })
            if let last = open.last, line == last.fence {
                let block = open.removeLast()
                if block.fence + block.info == opener { found.append(block.lines.joined(separator: "\n")) }
                continue
            }
            if ticks.count >= 3, open.allSatisfy({ ticks.count < $0.fence.count }) {
                open.append((ticks, String(line.dropFirst(ticks.count)), []))
                continue
            }
            for index in open.indices { open[index].lines.append(line) }
        }
        return found
    }

    private let trace = [
        TraceEvent(event: "start", pid: 4241, ppid: 4100, name: "MainProcess", method: "main"),
        TraceEvent(event: "start", pid: 4242, ppid: 4241, name: "Process-1", method: "fork"),
        TraceEvent(event: "start", pid: 4243, ppid: 4241, name: "Process-2", method: "fork"),
        TraceEvent(event: "exit", pid: 4242, ppid: 4241, name: "Process-1", method: "fork", exitCode: 0),
        TraceEvent(event: "exit", pid: 4243, ppid: 4241, name: "Process-2", method: "fork", exitCode: 0),
    ]

    func testEveryExampleBlockParses() throws {
        let examples = blocks(opening: "```expect", in: try documentation())
        XCTAssertGreaterThanOrEqual(examples.count, 9)
        for example in examples {
            XCTAssertNoThrow(try CheckScript(parsing: example), example)
        }
    }

    func testTheExampleReportsAreTheCheckersOwn() throws {
        let doc = try documentation()
        let main = try XCTUnwrap(blocks(opening: "```expect", in: doc).first)
        let plain = blocks(opening: "```", in: doc)
        let passingOutput = try XCTUnwrap(plain.first { $0.hasPrefix("main 4241") && !$0.contains("waiting") })
        let failingOutput = try XCTUnwrap(plain.first { $0.hasPrefix("main 4241") && $0.contains("waiting") })
        let passingReport = try XCTUnwrap(plain.first { $0.hasPrefix("PASS") })
        let failingReport = try XCTUnwrap(plain.first { $0.hasPrefix("FAIL") })

        let passing = try CheckScript(parsing: main, firstLine: 40).check(output: passingOutput, trace: trace)
        XCTAssertEqual(passing.report(color: false), passingReport + "\n")

        let spawn = main.replacingOccurrences(of: "with method fork", with: "with method spawn")
        let failing = try CheckScript(parsing: spawn, firstLine: 40).check(output: failingOutput, trace: trace)
        XCTAssertEqual(failing.report(color: false), failingReport + "\n")
    }
}
