import XCTest
@testable import Workbook

final class CheckPatternTests: XCTestCase {
    func testLiteralTextIsNotARegex() throws {
        XCTAssertTrue(try check("CHECK: a.b (c) [d] *+? ^$ | \\", "a.b (c) [d] *+? ^$ | \\\n").passed)
        XCTAssertFalse(try check("CHECK: a.b", "axb\n").passed)
    }

    func testRegexParts() throws {
        XCTAssertTrue(try check("CHECK: worker {{[0-9]+}} done", "worker 12 done\n").passed)
        XCTAssertFalse(try check("CHECK: worker {{[0-9]+}} done", "worker x done\n").passed)
        XCTAssertTrue(try check("CHECK: {{a|b}}c", "bc\n").passed, "alternation stays inside its braces")
        XCTAssertFalse(try check("CHECK: {{a|b}}c", "a\n").passed)
    }

    func testRegexWithBracesAndBrackets() throws {
        XCTAssertTrue(try check("CHECK: id {{[0-9]{3}}}", "id 123\n").passed)
        XCTAssertTrue(try check("CHECK: [[N:[0-9]]] and [[N]]", "7 and 7\n").passed)
        XCTAssertTrue(try check("CHECK: {{[}]+}}", "}}}\n").passed)
    }

    func testDoubleBracketsThatAreNotCapturesAreLiteral() throws {
        XCTAssertTrue(try check("CHECK: [[1, 2], [3]]", "[[1, 2], [3]]\n").passed)
        XCTAssertTrue(try check("CHECK: [[\"a\"]]", "[[\"a\"]]\n").passed)
    }

    func testCaptureAndReuseOnALaterLine() throws {
        let outcome = try check("CHECK: started [[PID:[0-9]+]]\nCHECK: [[PID]] finished", "started 4242\n4243 finished\n4242 finished\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.value("PID"), "4242")
        XCTAssertEqual(outcome.result(at: 2)?.lines, [3])
        XCTAssertEqual(outcome.captures, [CheckCapture(name: "PID", value: "4242", line: 1)])
    }

    func testReusedCaptureIsMatchedLiterally() throws {
        let script = "CHECK: got [[X:.+]]\nCHECK-NEXT: again [[X]]"
        XCTAssertTrue(try check(script, "got a.c\nagain a.c\n").passed)
        XCTAssertFalse(try check(script, "got a.c\nagain abc\n").passed, "the dot in the value is not a regex")
    }

    func testUseInsideARegexPattern() throws {
        let script = "CHECK: [[PID:[0-9]+]] up\nCHECK: {{child|parent}} [[PID]] {{.*}}"
        XCTAssertTrue(try check(script, "42 up\nchild 41 x\nchild 42 ok\n").passed)
        XCTAssertFalse(try check(script, "42 up\nchild 41 x\n").passed)
    }

    func testCaptureUsedLaterInTheSameLine() throws {
        let script = "CHECK: [[A:[a-z]+]]-[[A]]"
        XCTAssertTrue(try check(script, "ab-ab\n").passed)
        XCTAssertFalse(try check(script, "ab-cd\n").passed)
    }

    func testLaterCaptureReplacesTheValue() throws {
        let outcome = try check("CHECK: n=[[N:[0-9]+]]\nCHECK: n=[[N:[0-9]+]]\nCHECK-NEXT: [[N]]", "n=1\nn=2\n2\n")
        XCTAssertTrue(outcome.passed)
        XCTAssertEqual(outcome.value("N"), "2")
    }

    func testNamesMayHaveUnderscoresAndDigits() throws {
        let outcome = try check("CHECK: [[child_pid2:[0-9]+]]\nCHECK: =[[child_pid2]]", "5\n=5\n")
        XCTAssertTrue(outcome.passed)
    }

    func testUnicodeText() throws {
        XCTAssertTrue(try check("CHECK: café → {{.+}} ✓", "café → ok ✓\n").passed)
    }

    func testFailureMessageShowsUsedValues() throws {
        let outcome = try check("CHECK: [[PID:[0-9]+]] up\nCHECK: [[PID]] done", "42 up\n43 done\n")
        let message = try XCTUnwrap(outcome.result(at: 2)?.message)
        XCTAssertTrue(message.contains("`42 done` (PID = 42)"), message)
    }

    func testLiteralPiecesBetweenRegexPartsMustComeInOrder() throws {
        let script = "CHECK: x{{.*}}ab{{.*}}cd{{.*}}y"
        XCTAssertTrue(try check(script, "x ab cd y\n").passed)
        XCTAssertTrue(try check(script, "xabcdy\n").passed)
        XCTAssertFalse(try check(script, "x cd ab y\n").passed)
        XCTAssertFalse(try check("CHECK: ab{{.*}}ba", "aba\n").passed, "the start and the end may not overlap")
        XCTAssertTrue(try check("CHECK: ab{{.*}}ba", "abba\n").passed)
    }

    func testUsedValuesTakePartInTheScreen() throws {
        let script = "CHECK: id [[ID:[a-z]+]]\nCHECK: {{[0-9]+}} [[ID]] {{[0-9]+}}"
        XCTAssertTrue(try check(script, "id abc\n1 xyz 2\n3 abc 4\n").passed)
        XCTAssertFalse(try check(script, "id abc\n1 xyz 2\n").passed)
    }
}
