import XCTest
@testable import Workbook

final class CheckSyntaxTests: XCTestCase {
    private func assertError(
        _ script: String, firstLine: Int = 10, line: Int, contains parts: String...,
        file: StaticString = #filePath, lineNumber: UInt = #line
    ) {
        guard let error = syntaxError(script, firstLine: firstLine) else {
            XCTFail("expected a syntax error for \(script.debugDescription)", file: file, line: lineNumber)
            return
        }
        XCTAssertEqual(error.line, line, "line of \(error)", file: file, line: lineNumber)
        for part in parts {
            XCTAssertTrue(error.message.contains(part), "\(error.message) should contain \(part)", file: file, line: lineNumber)
        }
        XCTAssertTrue(error.description.hasPrefix("chapter line \(line): "), error.description, file: file, line: lineNumber)
    }

    func testUnknownDirectiveListsTheDirectives() {
        assertError("CHECK: a\n\nCHEK: b", line: 12, contains: "`CHEK: b` is not a directive", "Did you mean CHECK:?",
                    "CHECK-NEXT:", "CHECK-EMPTY:", "CHECK-DAG:", "CHECK-NOT:", "CHECK-COUNT-<n>:", "CHECK-TOTAL-<n>:", "TRACE:")
        assertError("hello world", line: 10, contains: "is not a directive", "CHECK-DAG:")
        assertError("CHECK-NEXTT: a", line: 10, contains: "Did you mean CHECK-NEXT:?")
    }

    func testLowerCaseAndMissingColon() {
        assertError("check: a", line: 10, contains: "capitals", "CHECK:")
        assertError("CHECK-NEXT a", line: 10, contains: "put a colon after CHECK-NEXT")
    }

    func testCountAndTotalNumbers() {
        assertError("CHECK-COUNT-0: a", line: 10, contains: "CHECK-COUNT-0 would check nothing", "CHECK-TOTAL-0")
        assertError("CHECK-COUNT-x: a", line: 10, contains: "needs a whole number", "CHECK-COUNT-3:")
        assertError("CHECK-TOTAL-: a", line: 10, contains: "needs a whole number")
        XCTAssertNil(syntaxError("CHECK-TOTAL-0: a"))
        XCTAssertNil(syntaxError("CHECK-COUNT-12: a"))
    }

    func testPatternsAreRequiredExceptForEmpty() {
        assertError("CHECK:", line: 10, contains: "needs a pattern", "CHECK-EMPTY")
        assertError("CHECK-DAG:   ", line: 10, contains: "needs a pattern")
        assertError("CHECK-EMPTY: x", line: 10, contains: "takes no pattern")
    }

    func testBadRegexes() {
        assertError("CHECK: a\nCHECK: {{[0-9}}", line: 11, contains: "never closed")
        assertError("CHECK: {{(}}", line: 10, contains: "`{{(}}` is not a valid regular expression")
        assertError("CHECK: {{}}", line: 10, contains: "empty")
        assertError("CHECK: [[N:(]]", line: 10, contains: "not a valid regular expression")
        assertError("CHECK: [[N:]]", line: 10, contains: "no regex after the colon")
        assertError("CHECK: [[N:[0-9]+", line: 10, contains: "never closed")
    }

    func testCapturesMustComeBeforeTheirUse() {
        assertError("CHECK: [[PID]] done\nCHECK: [[PID:[0-9]+]]", line: 10, contains: "`[[PID]]` is used before it is captured")
        assertError("CHECK: [[B]] [[B:x]]", line: 10, contains: "used before it is captured")
        assertError("CHECK: [[A:x]] [[A:y]]", line: 10, contains: "captured twice")
        assertError("TRACE: child [[PID]]", line: 10, contains: "used before it is captured")
    }

    func testNotAndTotalCannotCapture() {
        assertError("CHECK-NOT: [[X:a]]", line: 10, contains: "cannot capture")
        assertError("CHECK-TOTAL-2: [[X:a]]", line: 10, contains: "cannot capture")
    }

    func testNotRightBeforeNextCanNeverFail() {
        assertError("CHECK: a\nCHECK-NOT: b\nCHECK-NEXT: c", line: 11, contains: "can never fail", "chapter line 12")
        assertError("CHECK: a\nCHECK-NOT: b\nTRACE: processes == 0\nCHECK-EMPTY:", line: 11, contains: "CHECK-EMPTY")
        XCTAssertNil(syntaxError("CHECK: a\nCHECK-NOT: b\nCHECK: c\nCHECK-NEXT: d"))
    }

    func testEmptyBlock() {
        assertError("# only a comment\n\n", line: 10, contains: "no directives")
    }

    func testMalformedTraceFacts() {
        assertError("TRACE: workers == 2", line: 10, contains: "not a trace fact", "processes OP N", "method of [[PID]] is M")
        assertError("TRACE:", line: 10, contains: "needs a fact")
        assertError("TRACE: processes = 2", line: 10, contains: "`=`", "is not a comparison", "==")
        assertError("TRACE: processes == two", line: 10, contains: "not a whole number")
        assertError("TRACE: processes named ( == 2", line: 10, contains: "not a valid regular expression")
        assertError("TRACE: processes with method thread == 1", line: 10, contains: "not a start method")
        assertError("CHECK: [[P:[0-9]+]]\nTRACE: child P", line: 11, contains: "should be a captured value")
        assertError("CHECK: [[P:[0-9]+]]\nTRACE: method of [[P]] is vfork", line: 11, contains: "not a start method")
        assertError("CHECK: [[P:[0-9]+]]\nTRACE: exit of [[P]] is 0", line: 11, contains: "not a comparison")
        assertError("CHECK: [[P:[0-9]+]]\nTRACE: parent of [[P]] [[P]]", line: 11, contains: "not a trace fact")
    }
}
