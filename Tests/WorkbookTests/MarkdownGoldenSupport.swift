import Foundation
import XCTest

/// Golden renderings kept in Fixtures/MarkdownGoldens.swift, as Swift string
/// literals (the escape character written as "␛") so that SwiftPM does not
/// see stray resource files in the test target.
enum MarkdownGoldenSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let goldenFile = fixtures.appendingPathComponent("MarkdownGoldens.swift")

    /// Set `UPDATE_GOLDENS=1` to rewrite the goldens from the current output.
    static var isUpdating: Bool {
        ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1"
    }

    static func visible(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}", with: "␛")
    }

    /// Writes the golden file with `goldens` (name, rendering) in order.
    static func write(_ goldens: [(name: String, text: String)]) throws {
        var file = """
        // Reviewed renderings of MarkdownFixture.elements. Regenerate with
        // UPDATE_GOLDENS=1 swift test --filter MarkdownGoldenTests, then review the diff.
        // "␛" stands for the escape character; each text ends with one more newline.

        enum MarkdownGoldens {

        """
        for golden in goldens {
            precondition(golden.text.hasSuffix("\n"), "renderings end with a newline")
            file += "    static let \(golden.name) = ##\"\"\"\n\(visible(golden.text))\"\"\"##\n\n"
        }
        file += "}\n"
        try file.write(to: goldenFile, atomically: true, encoding: .utf8)
    }

    /// Fails with a line diff when `actual` is not `golden` (plus the final newline).
    static func assertMatches(_ actual: String, golden: String, name: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        let expected = golden + "\n"
        let got = visible(actual)
        guard got != expected else { return }
        XCTFail("\(name) differs from its golden (run with UPDATE_GOLDENS=1 to accept):\n" + diff(expected: expected, actual: got),
                file: file, line: line)
    }

    /// The lines around the first difference, `-` expected and `+` got.
    static func diff(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var first = 0
        while first < old.count, first < new.count, old[first] == new[first] { first += 1 }
        var oldEnd = old.count
        var newEnd = new.count
        while oldEnd > first, newEnd > first, old[oldEnd - 1] == new[newEnd - 1] {
            oldEnd -= 1
            newEnd -= 1
        }
        var lines: [String] = []
        for index in max(0, first - 3)..<first { lines.append("  \(index + 1)| \(old[index])") }
        for index in first..<oldEnd { lines.append("- \(index + 1)| \(old[index])") }
        for index in first..<newEnd { lines.append("+ \(index + 1)| \(new[index])") }
        for index in oldEnd..<min(old.count, oldEnd + 3) { lines.append("  \(index + 1)| \(old[index])") }
        return lines.joined(separator: "\n")
    }
}
