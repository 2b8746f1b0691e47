import XCTest
@testable import Workbook

final class MarkdownTableTests: XCTestCase {
    private let exitCodes = """
    | how the child ended | exit code |
    |:---|---:|
    | `run` returned | `0` |
    | a signal killed it | `-N` for signal N: `-9` after `kill()` |
    """

    private func blocks(_ markdown: String) -> [MarkdownBlock] {
        MarkdownDocument(parsing: markdown).blocks
    }

    private func terminal(_ markdown: String, width: Int, color: Bool = false) -> String {
        TerminalRenderer(width: width, color: color).render(MarkdownDocument(parsing: markdown))
    }

    private func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
    }

    // MARK: Recognising tables

    func testATableWithInlineCodeAndAlignment() {
        XCTAssertEqual(blocks(exitCodes), [.table(MarkdownTable(
            header: [[.text("how the child ended")], [.text("exit code")]],
            alignments: [.left, .right],
            rows: [
                [[.code("run"), .text(" returned")], [.code("0")]],
                [[.text("a signal killed it")],
                 [.code("-N"), .text(" for signal N: "), .code("-9"), .text(" after "), .code("kill()")]],
            ]))])
        XCTAssertEqual(terminal(exitCodes, width: 80), """
        ┌─────────────────────┬────────────────────────────────────────┐
        │ how the child ended │                              exit code │
        ├─────────────────────┼────────────────────────────────────────┤
        │ `run` returned      │                                    `0` │
        │ a signal killed it  │ `-N` for signal N: `-9` after `kill()` │
        └─────────────────────┴────────────────────────────────────────┘

        """)
    }

    func testEveryAlignmentAndInlineMarkupInCells() {
        let markdown = """
        | plain | left | centre | right |
        |-------|:-----|:------:|------:|
        | *em* | **strong** | [docs](https://example.org) | x |
        """
        guard case .table(let table)? = blocks(markdown).first else {
            return XCTFail("not a table: \(blocks(markdown))")
        }
        XCTAssertEqual(table.alignments, [.none, .left, .center, .right])
        XCTAssertEqual(table.rows, [[
            [.emphasis([.text("em")])], [.strong([.text("strong")])],
            [.link(url: "https://example.org", title: "", content: [.text("docs")])], [.text("x")],
        ]])
        XCTAssertEqual(lines(terminal(markdown, width: 80))[1], "│ plain │ left       │           centre           │ right │")
        XCTAssertEqual(lines(terminal(markdown, width: 80))[3], "│ *em*  │ **strong** │ docs (https://example.org) │     x │")
        XCTAssertEqual(lines(terminal("| a | b |\n|:-:|---|\n| xyz | 1 |", width: 80))[1], "│  a  │ b │")
    }

    func testAnEscapedPipeIsAPipeInsideTheCell() {
        let markdown = "| a \\| b | `x \\| y` | c \\\\|\n|---|---|---|"
        guard case .table(let table)? = blocks(markdown).first else {
            return XCTFail("not a table: \(blocks(markdown))")
        }
        XCTAssertEqual(table.header, [[.text("a | b")], [.code("x | y")], [.text("c \\")]])
    }

    func testCellTextThatLooksLikeABlockShowsAsWritten() {
        let markdown = "| # not a heading | - not a list | 1. not a list | > no quote |\n|---|---|---|---|"
        guard case .table(let table)? = blocks(markdown).first else {
            return XCTFail("not a table: \(blocks(markdown))")
        }
        XCTAssertEqual(table.header.map(MarkdownInline.plainText(of:)),
                       ["# not a heading", "- not a list", "1. not a list", "> no quote"])
    }

    func testTablesInBlockQuotesAndListItems() {
        let markdown = """
        > | a | b |
        > |---|---|
        > | 1 | 2 |

        - item:

          | c |
          |---|
          | 3 |
        """
        let table = { (header: String, cell: String) in
            MarkdownBlock.table(MarkdownTable(header: [[.text(header)]], alignments: [.none], rows: [[[.text(cell)]]]))
        }
        XCTAssertEqual(blocks(markdown), [
            .blockQuote([.table(MarkdownTable(header: [[.text("a")], [.text("b")]], alignments: [.none, .none],
                                              rows: [[[.text("1")], [.text("2")]]]))]),
            .list(MarkdownList(kind: .bullet, isTight: false, items: [
                MarkdownListItem(blocks: [.paragraph([.text("item:")]), table("c", "3")]),
            ])),
        ])
        XCTAssertEqual(terminal(markdown, width: 80), """
        │ ┌───┬───┐
        │ │ a │ b │
        │ ├───┼───┤
        │ │ 1 │ 2 │
        │ └───┴───┘

        • item:

          ┌───┐
          │ c │
          ├───┤
          │ 3 │
          └───┘

        """)
        // A table starting on the list marker's line is one too.
        XCTAssertEqual(blocks("- | c |\n  |---|\n  | 3 |"), [.list(MarkdownList(kind: .bullet, isTight: true, items: [
            MarkdownListItem(blocks: [table("c", "3")]),
        ]))])
    }

    func testWindowsLineEndings() {
        XCTAssertEqual(blocks("| a |\r\n|---|\r\n| b |\r\n"), [
            .table(MarkdownTable(header: [[.text("a")]], alignments: [.none], rows: [[[.text("b")]]])),
        ])
    }

    // MARK: What is not a table

    func testWithoutADelimiterRowItStaysAParagraph() {
        XCTAssertEqual(blocks("| a | b |\n| c | d |"), [
            .paragraph([.text("| a | b |"), .softBreak, .text("| c | d |")]),
        ])
        // A delimiter row needs dashes, and one cell a header cell.
        XCTAssertEqual(blocks("| a | b |\n| :: | -- |").count, 1)
        XCTAssertNotTable(blocks("| a | b |\n| :: | -- |"))
        XCTAssertNotTable(blocks("| a | b |\n|---|"))
        XCTAssertNotTable(blocks("| a | b |\n|---|---|---|"))
        XCTAssertNotTable(blocks("| a |"))
        // Every line must start with a pipe: text before or after the rows
        // keeps the whole paragraph a paragraph (GitHub would start or end
        // the table there).
        XCTAssertNotTable(blocks("Exit codes:\n| a |\n|---|"))
        XCTAssertNotTable(blocks("| a |\n|---|\nafter"))
        XCTAssertNotTable(blocks("a | b\n--|--"))
    }

    private func XCTAssertNotTable(_ blocks: [MarkdownBlock], file: StaticString = #filePath, line: UInt = #line) {
        for block in blocks {
            if case .table = block { XCTFail("unexpected table: \(blocks)", file: file, line: line) }
        }
        XCTAssertFalse(blocks.isEmpty, file: file, line: line)
    }

    func testRaggedRowsArePaddedOrCutToTheHeader() {
        let markdown = "| a | b |\n|---|---|\n| 1 |\n| 1 | 2 | 3 |\n|"
        XCTAssertEqual(blocks(markdown), [.table(MarkdownTable(
            header: [[.text("a")], [.text("b")]],
            alignments: [.none, .none],
            rows: [[[.text("1")], []], [[.text("1")], [.text("2")]], [[], []]]))])
        XCTAssertEqual(MarkdownTable(header: [[.text("a")]], alignments: [.left, .right], rows: [[]]).alignments, [.left])
        XCTAssertEqual(terminal(markdown, width: 80), """
        ┌───┬───┐
        │ a │ b │
        ├───┼───┤
        │ 1 │   │
        │ 1 │ 2 │
        │   │   │
        └───┴───┘

        """)
    }

    // MARK: Fitting the width

    func testCellsWrapInsideTheirColumnsAtWidth40() {
        let output = terminal(exitCodes, width: 40)
        XCTAssertEqual(output, """
        ┌──────────────────┬───────────────────┐
        │ how the child    │         exit code │
        │ ended            │                   │
        ├──────────────────┼───────────────────┤
        │ `run` returned   │               `0` │
        │ a signal killed  │   `-N` for signal │
        │ it               │     N: `-9` after │
        │                  │          `kill()` │
        └──────────────────┴───────────────────┘

        """)
        for color in [false, true] {
            let rendered = lines(terminal(exitCodes, width: 40, color: color))
            XCTAssertEqual(rendered.contains { $0.contains("\u{1B}") }, color)
            for line in rendered {
                XCTAssertLessThanOrEqual(TerminalStyle.visibleWidth(of: line), 40, "line too long: \(line)")
            }
        }
    }

    func testNoLineIsWiderThanThePageAtAnyWidth() {
        let quoted = "> " + exitCodes.replacingOccurrences(of: "\n", with: "\n> ")
        let wide = "| a | b c d e f | g |\n|---|---|:-:|\n| `MP.Process(target:)` | one two three four five six | x |"
        for markdown in [exitCodes, quoted, wide] {
            for width in 5...90 {
                for line in lines(terminal(markdown, width: width)) {
                    XCTAssertLessThanOrEqual(TerminalStyle.visibleWidth(of: line), width, "width \(width): \(line)")
                }
            }
        }
    }

    func testColourMakesTheHeaderBoldAndTheLinesDim() {
        let rendered = lines(terminal("| exit code |\n|---|\n| `0` |", width: 40, color: true))
        XCTAssertEqual(rendered[0], "\u{1B}[2m┌───────────┐\u{1B}[0m")
        XCTAssertEqual(rendered[1], "\u{1B}[2m│\u{1B}[0m \u{1B}[1mexit code\u{1B}[0m \u{1B}[2m│\u{1B}[0m")
        XCTAssertEqual(rendered[3], "\u{1B}[2m│\u{1B}[0m \u{1B}[36m0\u{1B}[0m         \u{1B}[2m│\u{1B}[0m")
    }

    func testWordsLongerThanTheirColumnAreCutOnlyWhenTheyMust() {
        let markdown = "| name | value |\n|---|---|\n| x | " + String(repeating: "a", count: 30) + " b |"
        let rendered = lines(terminal(markdown, width: 30))
        XCTAssertEqual(rendered[3], "│ x    │ aaaaaaaaaaaaaaaaaaa │")
        XCTAssertEqual(rendered[4], "│      │ aaaaaaaaaaa b       │")
        for line in rendered { XCTAssertEqual(TerminalStyle.visibleWidth(of: line), 30) }
    }

    func testATableTooNarrowToDrawIsListedRowByRow() {
        XCTAssertEqual(terminal("| name | exit code |\n|---|---|\n| worker | 0 |\n| other | 1 |", width: 12), """
        name: worker
        exit code: 0

        name: other
        exit code: 1

        """)
    }

    // MARK: HTML

    func testHTMLHasAHeadABodyAndAlignedCells() {
        XCTAssertEqual(HTMLRenderer().render(MarkdownDocument(parsing: "| a | <b> |\n|---|:-:|\n| `<x>` & y | 2 |")), """
        <table>
        <thead>
        <tr>
        <th>a</th>
        <th style="text-align:center">&lt;b&gt;</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td><code>&lt;x&gt;</code> &amp; y</td>
        <td style="text-align:center">2</td>
        </tr>
        </tbody>
        </table>

        """)
        XCTAssertEqual(HTMLRenderer().render(MarkdownDocument(parsing: "| a |\n|--:|")), """
        <table>
        <thead>
        <tr>
        <th style="text-align:right">a</th>
        </tr>
        </thead>
        </table>

        """)
    }
}
