import XCTest
@testable import Workbook

final class CheckDirectiveTests: XCTestCase {
    func testCheckFindsALineAfterThePreviousMatch() throws {
        let outcome = try check("CHECK: b\nCHECK: d", "a\nb\nc\nd\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 1)?.lines, [2])
        XCTAssertEqual(outcome.result(at: 2)?.lines, [4])
    }

    func testCheckFailsWhenTheLineOnlyComesBefore() throws {
        let outcome = try check("CHECK: b\nCHECK: a", "a\nb\n")
        XCTAssertFalse(outcome.passed)
        let failure = try XCTUnwrap(outcome.result(at: 2))
        XCTAssertEqual(failure.status, .failed)
        XCTAssertEqual(failure.expectedAt, 3, "looked for after line 2: at the end of the output")
        XCTAssertTrue(failure.message.contains("`a`"), failure.message)
        XCTAssertTrue(try XCTUnwrap(failure.note).contains("line 1 matches it"), failure.note ?? "")
    }

    func testMatchesAreWholeLinesWithBothEndsTrimmed() throws {
        XCTAssertTrue(try check("CHECK:   hello world  ", "  hello world\t\n").passed)
        XCTAssertFalse(try check("CHECK: hello", "hello world\n").passed, "a pattern is not a substring search")
        XCTAssertFalse(try check("CHECK: world", "hello world\n").passed)
        XCTAssertFalse(try check("CHECK: hello  world", "hello world\n").passed, "inner spaces are literal")
        XCTAssertTrue(try check("CHECK: é", "\u{00A0}é\u{2003}\n").passed, "Unicode spaces at the ends are trimmed too")
        XCTAssertTrue(try check("CHECK: {{.}}b", "\u{00A0}ab \n").passed)
    }

    func testWindowsLineEndingsAndNoFinalNewline() throws {
        XCTAssertTrue(try check("CHECK: a\nCHECK-NEXT: b", "a\r\nb").passed)
        XCTAssertEqual(CheckText.lines(of: "a\r\nb\n").raw, ["a", "b"])
        XCTAssertEqual(CheckText.lines(of: "a\n\nb").raw, ["a", "", "b"])
        XCTAssertEqual(CheckText.lines(of: "").raw, [])
        XCTAssertEqual(CheckText.lines(of: "\n").raw, [""])
    }

    func testCheckNextNeedsTheVeryNextLine() throws {
        XCTAssertTrue(try check("CHECK: a\nCHECK-NEXT: b", "a\nb\n").passed)
        let outcome = try check("CHECK: a\nCHECK-NEXT: b", "a\nx\nb\n")
        let failure = try XCTUnwrap(outcome.result(at: 2))
        XCTAssertEqual(failure.status, .failed)
        XCTAssertEqual(failure.message, "expected the line after line 1 to match `b`, found `x`")
        XCTAssertEqual(failure.expectedAt, 2)
        XCTAssertEqual(failure.closest, 3)
    }

    func testCheckNextFirstChecksTheFirstLine() throws {
        XCTAssertTrue(try check("CHECK-NEXT: a", "a\nb\n").passed)
        let outcome = try check("CHECK-NEXT: b", "a\nb\n")
        XCTAssertEqual(outcome.result(at: 1)?.message, "expected the first line to match `b`, found `a`")
    }

    func testCheckNextAtTheEndOfTheOutput() throws {
        let outcome = try check("CHECK: a\nCHECK-NEXT: b", "a\n")
        XCTAssertEqual(outcome.result(at: 2)?.message, "expected the line after line 1 to match `b`, found the end of the output")
    }

    func testCheckEmpty() throws {
        XCTAssertTrue(try check("CHECK: a\nCHECK-EMPTY:\nCHECK-NEXT: b", "a\n   \nb\n").passed)
        let notEmpty = try check("CHECK: a\nCHECK-EMPTY:", "a\nb\n")
        XCTAssertEqual(notEmpty.result(at: 2)?.message, "expected the line after line 1 to be empty, found `b`")
        let atEnd = try check("CHECK: a\nCHECK-EMPTY:", "a\n")
        XCTAssertEqual(atEnd.result(at: 2)?.status, .failed, "a final newline does not make an empty line")
    }

    func testCountMatchesNLinesEachAfterThePrevious() throws {
        let outcome = try check("CHECK: start\nCHECK-COUNT-3: tick\nCHECK-NEXT: end", "start\ntick\nx\ntick\ntick\nend\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 2)?.lines, [2, 4, 5])
    }

    func testCountFailsWithTooFewLines() throws {
        let outcome = try check("CHECK-COUNT-3: tick", "tick\ntock\ntick\n")
        let failure = try XCTUnwrap(outcome.result(at: 1))
        XCTAssertEqual(failure.status, .failed)
        XCTAssertTrue(failure.message.hasPrefix("found 2 of the 3 lines"), failure.message)
        XCTAssertEqual(failure.lines, [1, 3])
    }

    func testCountDoesNotLookBeforeThePreviousMatch() throws {
        XCTAssertFalse(try check("CHECK: mark\nCHECK-COUNT-2: tick", "tick\nmark\ntick\n").passed)
    }

    func testTotalCountsTheWholeOutputInAnyOrder() throws {
        let script = "CHECK: last\nCHECK-TOTAL-2: tick"
        let outcome = try check(script, "tick\nlast\ntick\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 2)?.lines, [1, 3])
        let tooMany = try check(script, "tick\ntick\nlast\ntick\n")
        XCTAssertEqual(tooMany.result(at: 2)?.status, .failed)
        XCTAssertTrue(tooMany.result(at: 2)?.message.contains("found 3") ?? false)
        let tooFew = try check(script, "last\ntick\n")
        XCTAssertEqual(tooFew.result(at: 2)?.status, .failed)
    }

    func testTotalZeroMeansNowhere() throws {
        XCTAssertTrue(try check("CHECK-TOTAL-0: {{.*}}error{{.*}}", "fine\nok\n").passed)
        XCTAssertFalse(try check("CHECK-TOTAL-0: {{.*}}error{{.*}}", "fine\nan error here\n").passed)
    }

    func testTotalIsCheckedEvenAfterAnOrderedFailure() throws {
        let outcome = try check("CHECK: missing\nCHECK: after\nCHECK-TOTAL-1: here", "here\n")
        XCTAssertEqual(outcome.result(at: 1)?.status, .failed)
        XCTAssertEqual(outcome.result(at: 2)?.status, .skipped)
        XCTAssertEqual(outcome.result(at: 3)?.status, .passed)
    }

    func testCommentsAndBlankLinesAreIgnored() throws {
        let outcome = try check("# the greeting\n\nCHECK: hi\n   # indented comment\nCHECK-NEXT: there", "hi\nthere\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.results.map(\.directive.line), [3, 5])
    }

    func testFirstLineNumbersDirectivesInTheChapter() throws {
        let script = try CheckScript(parsing: "CHECK: a\n\nCHECK-NEXT: b", firstLine: 40)
        XCTAssertEqual(script.directives.map(\.line), [40, 42])
        XCTAssertEqual(script.directives.map(\.kind), [.check, .next])
        XCTAssertEqual(script.directives.map(\.argument), ["a", "b"])
    }

    func testEmptyOutput() throws {
        let outcome = try check("CHECK: a", "")
        XCTAssertEqual(outcome.result(at: 1)?.status, .failed)
        XCTAssertTrue(outcome.result(at: 1)?.message.contains("the output is empty") ?? false)
    }

    func testCheckEmptyFirstChecksTheFirstLine() throws {
        XCTAssertTrue(try check("CHECK-EMPTY:\nCHECK-NEXT: a", "\na\n").passed)
        XCTAssertFalse(try check("CHECK-EMPTY:", "a\n\n").passed)
    }

    func testAFailedCountKeepsNoPartialCaptures() throws {
        let outcome = try check("CHECK-COUNT-3: n=[[N:[0-9]+]]\nCHECK-TOTAL-1: n=[[N]]", "n=1\nn=2\n")
        XCTAssertEqual(outcome.results.map(\.status), [.failed, .skipped])
        XCTAssertTrue(outcome.captures.isEmpty)
    }

    func testCountCapturesEachLine() throws {
        let outcome = try check("CHECK-COUNT-2: n=[[N:[0-9]+]]\nCHECK-NEXT: last [[N]]", "n=1\nn=2\nlast 2\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.result(at: 1)?.captures, [CheckCapture(name: "N", value: "1", line: 1), CheckCapture(name: "N", value: "2", line: 2)])
    }

    func testABlockWithWindowsLineEndings() throws {
        let script = try CheckScript(parsing: "CHECK: a\r\n\r\nCHECK-NEXT: b\r\n", firstLine: 5)
        XCTAssertEqual(script.directives.map(\.line), [5, 7])
        XCTAssertEqual(script.directives.map(\.argument), ["a", "b"])
    }
}
