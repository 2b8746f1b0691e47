import XCTest
@testable import Workbook

final class MarkdownDocumentTests: XCTestCase {
    func testHeadingsParagraphsAndInlines() {
        let document = MarkdownDocument(parsing: """
        ## Title *one*

        Some `code`, a [link](https://a.example "T") and ![pic](p.png).
        next line\\
        after break <b>bold</b>
        """)
        XCTAssertEqual(document.blocks, [
            .heading(level: 2, content: [.text("Title "), .emphasis([.text("one")])]),
            .paragraph([
                .text("Some "), .code("code"), .text(", a "),
                .link(url: "https://a.example", title: "T", content: [.text("link")]),
                .text(" and "), .image(url: "p.png", title: "", content: [.text("pic")]), .text("."),
                .softBreak, .text("next line"), .lineBreak,
                .text("after break "), .html("<b>"), .text("bold"), .html("</b>"),
            ]),
        ])
    }

    func testTextSplitByTheParserIsJoinedAgain() {
        // libcmark makes separate text nodes around "[" and "!".
        let document = MarkdownDocument(parsing: "a [b ! c")
        XCTAssertEqual(document.blocks, [.paragraph([.text("a [b ! c")])])
    }

    func testListsKeepKindStartAndTightness() {
        let document = MarkdownDocument(parsing: """
        3. three
        4. four

        - loose

        - items
        """)
        guard document.blocks.count == 2,
              case .list(let ordered) = document.blocks[0],
              case .list(let bullets) = document.blocks[1] else {
            return XCTFail("expected two lists, got \(document.blocks)")
        }
        XCTAssertEqual(ordered.kind, .ordered(start: 3))
        XCTAssertTrue(ordered.isTight)
        XCTAssertEqual(ordered.items, [
            MarkdownListItem(blocks: [.paragraph([.text("three")])]),
            MarkdownListItem(blocks: [.paragraph([.text("four")])]),
        ])
        XCTAssertEqual(bullets.kind, .bullet)
        XCTAssertFalse(bullets.isTight)
    }

    func testCodeBlocksKeepInfoLiteralAndLines() {
        let document = MarkdownDocument(parsing: """
        Intro

        ```swift include=letters
        ```

        > ```expect
        > CHECK: a
        > ```

            indented
        """)
        XCTAssertEqual(document.codeBlocks, [
            MarkdownCodeBlock(info: "swift include=letters", literal: "", startLine: 3, endLine: 4),
            MarkdownCodeBlock(info: "expect", literal: "CHECK: a\n", startLine: 6, endLine: 8),
            MarkdownCodeBlock(info: "", literal: "indented\n", startLine: 10, endLine: 10),
        ])
        XCTAssertEqual(document.codeBlocks[0].language, "swift")
        XCTAssertEqual(document.codeBlocks[0].infoWords, ["swift", "include=letters"])
        XCTAssertTrue(document.codeBlocks[1].isExpectation)
        XCTAssertFalse(document.codeBlocks[2].isExpectation)
    }

    func testQuotesBreaksAndHTMLBlocks() {
        let document = MarkdownDocument(parsing: "> quoted\n\n***\n\n<div>\nx\n</div>\n")
        XCTAssertEqual(document.blocks, [
            .blockQuote([.paragraph([.text("quoted")])]),
            .thematicBreak,
            .htmlBlock("<div>\nx\n</div>\n"),
        ])
    }

    func testEmptyAndDeeplyNestedInput() {
        XCTAssertEqual(MarkdownDocument(parsing: "").blocks, [])
        XCTAssertEqual(TerminalRenderer(width: 80, color: false).render(MarkdownDocument(parsing: "")), "")
        let deep = MarkdownDocument(parsing: String(repeating: ">", count: 300) + " deep")
        var depth = 0
        var blocks = deep.blocks
        while case .blockQuote(let inner)? = blocks.first {
            depth += 1
            blocks = inner
        }
        XCTAssertEqual(depth, 300)
        XCTAssertEqual(blocks, [.paragraph([.text("deep")])])
    }

    func testPlainTextOfInlines() {
        let inlines: [MarkdownInline] = [
            .text("a "), .strong([.emphasis([.text("b")])]), .softBreak, .code("c"), .html("<i>"),
            .link(url: "u", title: "", content: [.text("d")]),
        ]
        XCTAssertEqual(MarkdownInline.plainText(of: inlines), "a b cd")
    }
}
