import XCTest
@testable import Workbook

final class MarkdownTerminalTests: XCTestCase {
    private let prose = """
    Every process has its own memory, so a value changed in the child is not \
    changed in the parent; they talk through pipes and queues, which copy the \
    values they carry from one address space to the other.
    """

    private func render(_ markdown: String, width: Int, color: Bool = false) -> String {
        TerminalRenderer(width: width, color: color).render(MarkdownDocument(parsing: markdown))
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
    }

    func testParagraphsWrapAtTheWidthWithoutBreakingWords() {
        for width in [40, 80] {
            let output = render(prose, width: width)
            let rendered = lines(output)
            XCTAssertGreaterThan(rendered.count, 1)
            for line in rendered {
                XCTAssertLessThanOrEqual(TerminalStyle.visibleWidth(of: line), width, "line too long: \(line)")
                XCTAssertFalse(line.hasSuffix(" "), "trailing space: \(line)")
            }
            XCTAssertEqual(rendered.joined(separator: " "), prose, "the words must come out whole and in order")
            // Greedy filling: the next line's first word would not have fitted.
            for (line, next) in zip(rendered, rendered.dropFirst()) {
                let nextWord = next.split(separator: " ").first.map(String.init) ?? ""
                XCTAssertGreaterThan(line.count + 1 + nextWord.count, width)
            }
        }
    }

    func testColouredTextIsMeasuredWithoutItsEscapes() {
        let markdown = "*Every* **process** has its `own` memory, " + prose
        let plain = lines(render(markdown, width: 40))
        let coloured = lines(render(markdown, width: 40, color: true))
        XCTAssertTrue(coloured.joined().contains("\u{1B}["))
        for line in coloured {
            XCTAssertLessThanOrEqual(TerminalStyle.visibleWidth(of: line), 40, "line too long: \(line)")
        }
        // Colour adds no visible characters, the plain markers (`*`, `` ` ``) do,
        // so coloured text never needs more lines.
        XCTAssertLessThanOrEqual(coloured.count, plain.count)
    }

    func testAWordLongerThanTheLineIsCut() {
        let word = String(repeating: "x", count: 50)
        XCTAssertEqual(render("a " + word + " b", width: 20),
                       "a\n" + String(repeating: "x", count: 20) + "\n" + String(repeating: "x", count: 20)
                           + "\n" + String(repeating: "x", count: 10) + " b\n")
    }

    func testNoEscapeCodesWithoutColour() {
        let output = render(MarkdownFixture.elements, width: 80)
        XCTAssertFalse(output.contains("\u{1B}"))
        XCTAssertTrue(output.contains("A *process* is"))
        XCTAssertTrue(output.contains("its **own memory**"))
        XCTAssertTrue(output.contains("`MP.Process`"))
    }

    func testEmphasisStrongAndCodeUseStylesWithColour() {
        let output = render("*a* **b** `c`", width: 80, color: true)
        XCTAssertEqual(output, "\u{1B}[3ma\u{1B}[0m \u{1B}[1mb\u{1B}[0m \u{1B}[36mc\u{1B}[0m\n")
    }

    func testListsHangTheirTextUnderTheFirstWord() {
        let output = render("""
        9. nine is a number with a long explanation here
        10. ten
            - nested bullet with quite a few words in it
        """, width: 30)
        XCTAssertEqual(output, """
         9. nine is a number with a
            long explanation here
        10. ten
            ◦ nested bullet with quite
              a few words in it

        """)
    }

    func testNestedBulletsChangeTheirMark() {
        let output = render("- a\n  - b\n    - c\n      - d", width: 40)
        XCTAssertEqual(output, "• a\n  ◦ b\n    ▪ c\n      • d\n")
    }

    func testBlockQuotesHaveABar() {
        XCTAssertEqual(render("> one two three four\n>\n> five", width: 12),
                       "│ one two\n│ three four\n│\n│ five\n")
    }

    func testLinksShowTheirAddress() {
        XCTAssertEqual(render("[docs](https://x.example) and <https://y.example>", width: 80),
                       "docs (https://x.example) and https://y.example\n")
        XCTAssertEqual(render("[docs](https://x.example)", width: 80, color: true),
                       "\u{1B}[4mdocs\u{1B}[0m \u{1B}[2m(https://x.example)\u{1B}[0m\n")
    }

    func testCodeBlocksAreIndentedAndLongLinesFoldedVisibly() {
        let long = "    let aVeryLongName = anotherVeryLongFunctionName(withAnArgument: 1)"
        let output = render("```swift\n\(long)\n\n// done\n```", width: 40)
        XCTAssertEqual(lines(output), [
            "        let aVeryLongName = ",
            "        ↪ anotherVeryLongFunctionName(wi",
            "        ↪ thAnArgument: 1)",
            "",
            "    // done",
        ])
        XCTAssertTrue(lines(output).allSatisfy { TerminalText.visibleWidth(of: $0) <= 40 })
        // Without the indent and the marks, the pieces put together are the line.
        let pieces = lines(output).prefix(3).enumerated().map { index, piece in
            String(piece.dropFirst(index == 0 ? 4 : 4 + 4 + 2))
        }
        XCTAssertEqual(pieces.joined(), long)
    }

    func testACodeLineThatFitsIsLeftAlone() {
        let line = "let x = f(1)  // a comment that just fits"
        XCTAssertEqual(render("```swift\n\(line)\n```", width: 4 + line.count), "    \(line)\n")
    }

    func testFoldedColouredCodeKeepsItsStylesAndWidth() {
        let output = render("```swift\nlet s = \"a long string literal that will not fit\" // and a comment\n```", width: 30, color: true)
        XCTAssertGreaterThan(lines(output).count, 1)
        XCTAssertTrue(lines(output).allSatisfy { TerminalText.visibleWidth(of: $0) <= 30 }, output)
        XCTAssertTrue(output.contains("\u{1B}[32m"), "the string keeps its colour")
    }

    func testLongExpectLinesFoldToo() {
        let output = render("```expect\nCHECK: a line that is much too long for this narrow page FROM main\n```", width: 30)
        XCTAssertTrue(lines(output).allSatisfy { TerminalText.visibleWidth(of: $0) <= 30 }, output)
        XCTAssertTrue(lines(output).contains { $0.hasPrefix("│ ↪ ") }, output)
    }

    func testSwiftHighlightingWithColour() {
        let output = render("```swift\nlet s = \"a // b\" // note\nfunc f() -> Int { 0x1F + 2.5 }\n@MainActor var x = 1\n```",
                            width: 80, color: true)
        let expected = [
            "    \u{1B}[35mlet\u{1B}[0m s = \u{1B}[32m\"a // b\"\u{1B}[0m \u{1B}[2m// note\u{1B}[0m",
            "    \u{1B}[35mfunc\u{1B}[0m f() -> Int { \u{1B}[33m0x1F\u{1B}[0m + \u{1B}[33m2.5\u{1B}[0m }",
            "    \u{1B}[35m@MainActor\u{1B}[0m \u{1B}[35mvar\u{1B}[0m x = \u{1B}[33m1\u{1B}[0m",
        ]
        XCTAssertEqual(lines(output), expected)
    }

    func testMultilineCommentsAndStringsAreStyledOnEveryLine() {
        let output = render("```swift\n/* one\ntwo */ let s = \"\"\"\nx\n\"\"\"\n```", width: 80, color: true)
        XCTAssertEqual(lines(output), [
            "    \u{1B}[2m/* one\u{1B}[0m",
            "    \u{1B}[2mtwo */\u{1B}[0m \u{1B}[35mlet\u{1B}[0m s = \u{1B}[32m\"\"\"\u{1B}[0m",
            "    \u{1B}[32mx\u{1B}[0m",
            "    \u{1B}[32m\"\"\"\u{1B}[0m",
        ])
    }

    func testOtherLanguagesAreNotHighlighted() {
        XCTAssertEqual(render("```sh\nlet x = 1\n```", width: 80, color: true), "    let x = 1\n")
    }

    func testExpectBlocksAreShownAsWhatTheRunIsCheckedFor() {
        XCTAssertEqual(render("```expect\nCHECK: hello\n\n# note\n```", width: 80), """
        ╭─ The run is checked for:
        │ CHECK: hello
        │
        │ # note
        ╰─

        """)
    }

    func testHeadings() {
        XCTAssertEqual(render("# Big title\n\n## Section\n\n### Part", width: 80), """
        Big title
        ═════════

        Section
        ───────

        ### Part

        """)
        let coloured = render("# Big\n\n### Part", width: 80, color: true)
        XCTAssertEqual(coloured, "\u{1B}[1mBig\u{1B}[0m\n\u{1B}[1m═══\u{1B}[0m\n\n\u{1B}[1;4mPart\u{1B}[0m\n")
    }

    func testHTMLCommentsAndInlineTagsAreLeftOut() {
        XCTAssertEqual(render("Press <kbd>Ctrl</kbd>-C.\n\n<!-- hidden -->\n\nend", width: 80), "Press Ctrl-C.\n\nend\n")
    }

    func testNoBreakSpacesKeepWordsTogether() {
        XCTAssertEqual(render("aaaa bbbb\u{00A0}cccc", width: 10), "aaaa\nbbbb\u{00A0}cccc\n")
    }

    func testDeepNestingStillRenders() {
        // Sixty quotes take 120 columns of bars: more than the width, so the
        // text inside gets a single column and a rule one dash.
        let prefix = String(repeating: "> ", count: 60)
        let output = render(prefix + "ab\n" + prefix + "\n" + prefix + "***\n", width: 40)
        let bars = String(repeating: "│ ", count: 60)
        XCTAssertEqual(output, bars + "a\n" + bars + "b\n" + String(bars.dropLast()) + "\n" + bars + "─\n")
    }

    func testVisibleWidth() {
        XCTAssertEqual(TerminalStyle.visibleWidth(of: "\u{1B}[1;4mabc\u{1B}[0m"), 3)
        XCTAssertEqual(TerminalStyle.visibleWidth(of: "日本"), 4)
        XCTAssertEqual(TerminalStyle.visibleWidth(of: "e\u{301}"), 1)
        XCTAssertEqual(TerminalStyle.visibleWidth(of: "•─│"), 3)
    }

    func testWideCharactersWrapByColumns() {
        // Each character is two columns: four fit in a line of eight.
        XCTAssertEqual(render("日本語日本 語", width: 8), "日本語日\n本 語\n")
    }
}
