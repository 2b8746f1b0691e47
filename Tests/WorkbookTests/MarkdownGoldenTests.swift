import XCTest
@testable import Workbook

final class MarkdownGoldenTests: XCTestCase {
    private let document = MarkdownDocument(parsing: MarkdownFixture.elements)

    private var renderings: [(name: String, text: String)] {
        [
            ("terminalPlain80", TerminalRenderer(width: 80, color: false).render(document)),
            ("terminalPlain40", TerminalRenderer(width: 40, color: false).render(document)),
            ("terminalColor80", TerminalRenderer(width: 80, color: true).render(document)),
            ("html", HTMLRenderer().render(document)),
        ]
    }

    func testRenderingsMatchTheReviewedGoldens() throws {
        if MarkdownGoldenSupport.isUpdating {
            try MarkdownGoldenSupport.write(renderings)
            return
        }
        let goldens = [
            "terminalPlain80": MarkdownGoldens.terminalPlain80,
            "terminalPlain40": MarkdownGoldens.terminalPlain40,
            "terminalColor80": MarkdownGoldens.terminalColor80,
            "html": MarkdownGoldens.html,
        ]
        for (name, text) in renderings {
            MarkdownGoldenSupport.assertMatches(text, golden: goldens[name] ?? "", name: name)
        }
    }

    func testTheDiffPointsAtTheChangedLine() {
        let message = MarkdownGoldenSupport.diff(expected: "a\nb\nc\n", actual: "a\nB\nc\n")
        XCTAssertEqual(message, "  1| a\n- 2| b\n+ 2| B\n  3| c\n  4| ")
    }
}
