import XCTest
@testable import Workbook

final class MarkdownTerminalStyleTests: XCTestCase {
    func testColourOnlyOnATerminal() {
        XCTAssertTrue(TerminalStyle.shouldUseColor(isTTY: true, environment: [:]))
        XCTAssertTrue(TerminalStyle.shouldUseColor(isTTY: true, environment: ["TERM": "xterm-256color"]))
        XCTAssertFalse(TerminalStyle.shouldUseColor(isTTY: false, environment: [:]))
    }

    func testNoColorWithAnyValueTurnsColourOff() {
        XCTAssertFalse(TerminalStyle.shouldUseColor(isTTY: true, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(TerminalStyle.shouldUseColor(isTTY: true, environment: ["NO_COLOR": "no"]))
        // An empty NO_COLOR does not count (https://no-color.org).
        XCTAssertTrue(TerminalStyle.shouldUseColor(isTTY: true, environment: ["NO_COLOR": ""]))
    }

    func testDumbTerminalsGetNoColour() {
        XCTAssertFalse(TerminalStyle.shouldUseColor(isTTY: true, environment: ["TERM": "dumb"]))
    }

    func testWidthFromColumnsIsClamped() {
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": "100"], fileDescriptor: -1), 100)
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": " 72 "], fileDescriptor: -1), 72)
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": "5"], fileDescriptor: -1), 20)
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": "500"], fileDescriptor: -1), 120)
    }

    func testWidthDefaultsTo80WhenNothingSays() {
        XCTAssertEqual(TerminalStyle.width(environment: [:], fileDescriptor: -1), 80)
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": "wide"], fileDescriptor: -1), 80)
        XCTAssertEqual(TerminalStyle.width(environment: ["COLUMNS": "0"], fileDescriptor: -1), 80)
        XCTAssertFalse(TerminalStyle.isTerminal(-1))
    }
}
