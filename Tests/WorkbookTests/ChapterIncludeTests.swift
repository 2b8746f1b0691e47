import XCTest
@testable import Workbook

final class ChapterIncludeTests: XCTestCase {
    private var sandbox: LessonsSandbox!

    override func setUpWithError() throws {
        sandbox = try LessonsSandbox()
    }

    override func tearDown() {
        sandbox = nil
    }

    private let folderName = "01-threads"

    private func load(_ body: String, sources: [String: String]) throws -> Chapter {
        try sandbox.write("\(folderName)/chapter.md", "---\ntitle: Threads\n---\n" + body)
        for (path, text) in sources {
            try sandbox.write("\(folderName)/Example/\(path)", text)
        }
        return try Chapter(folder: sandbox.folder(folderName))
    }

    private var example: URL { sandbox.folder(folderName).appendingPathComponent("Example") }

    func testARegionIsIncludedWithoutMarkersAndIndentation() throws {
        let chapter = try load("Before\n\n```swift include=letters\n```\n\nAfter\n", sources: [
            "main.swift": """
            import Multiprocessing

            func main() {
                // region: letters
                for letter in "ABC" {
                    print(letter)
                }
                // endregion: letters
            }
            """,
        ])
        XCTAssertEqual(chapter.body, """
        Before

        ```swift include=letters
        for letter in "ABC" {
            print(letter)
        }
        ```

        After

        """)
        XCTAssertEqual(chapter.document.codeBlocks.first?.literal, "for letter in \"ABC\" {\n    print(letter)\n}\n")
    }

    func testNestedMarkersAreDropped() throws {
        let chapter = try load("```swift include=outer\n```\n\n```swift include=inner\n```\n", sources: [
            "main.swift": """
            // region: outer
            let a = 1
            // region: inner
            let b = 2

            // endregion: inner
            let c = 3
            // endregion: outer
            """,
        ])
        XCTAssertEqual(chapter.body, """
        ```swift include=outer
        let a = 1
        let b = 2

        let c = 3
        ```

        ```swift include=inner
        let b = 2
        ```

        """)
    }

    func testRegionsAreFoundInAnySwiftFileUnderExample() throws {
        let chapter = try load("```swift include=helper\n```", sources: [
            "main.swift": "work()\n",
            "Support/Helpers.swift": "// region: helper\nfunc work() {}\n// endregion\n",
        ])
        XCTAssertEqual(chapter.body, "```swift include=helper\nfunc work() {}\n```")
    }

    func testIncludesInsideListsAndQuotesKeepTheirContainer() throws {
        let chapter = try load("- Step:\n\n  ```swift include=a\n  ```\n\n> ```swift include=a\n> ```\n", sources: [
            "main.swift": "// region: a\nlet x = 1\n\nlet y = 2\n// endregion: a\n",
        ])
        XCTAssertEqual(chapter.body, """
        - Step:

          ```swift include=a
          let x = 1

          let y = 2
          ```

        > ```swift include=a
        > let x = 1
        >
        > let y = 2
        > ```

        """)
        let document = chapter.document
        XCTAssertEqual(document.codeBlocks.map(\.literal), ["let x = 1\n\nlet y = 2\n", "let x = 1\n\nlet y = 2\n"])
    }

    func testTheFenceGrowsWhenTheCodeHoldsAFence() throws {
        let chapter = try load("```swift include=doc\n```\n", sources: [
            "main.swift": "// region: doc\n/*\n```\n*/\n// endregion: doc\n",
        ])
        XCTAssertEqual(chapter.body, "````swift include=doc\n/*\n```\n*/\n````\n")
        XCTAssertEqual(chapter.document.codeBlocks.map(\.literal), ["/*\n```\n*/\n"])
    }

    func testLineNumbersOfExpectationsIgnoreIncludedCode() throws {
        let chapter = try load("```swift include=a\n```\n\n```expect\nCHECK: x\n```\n", sources: [
            "main.swift": "// region: a\n1\n2\n3\n4\n// endregion: a\n",
        ])
        XCTAssertEqual(chapter.expectations, [ExpectationBlock(text: "CHECK: x\n", line: 8)])
    }

    func testAMissingRegionNamesChapterRegionAndFolder() {
        let error = thrownChapterError {
            try load("```swift include=nope\n```\n", sources: ["main.swift": "// region: yes\n// endregion: yes\n"])
        }
        XCTAssertEqual(error, .missingRegion(chapter: folderName, region: "nope", folder: example, available: ["yes"]))
        let message = error?.description ?? ""
        XCTAssertTrue(message.contains("Chapter 01-threads"), message)
        XCTAssertTrue(message.contains("\"nope\""), message)
        XCTAssertTrue(message.contains("01-threads/Example"), message)
        XCTAssertTrue(message.contains("its regions are yes"), message)
    }

    func testADuplicatedRegionIsAnError() {
        let error = thrownChapterError {
            try load("```swift include=twice\n```\n", sources: [
                "a.swift": "// region: twice\n// endregion: twice\n",
                "b.swift": "\n// region: twice\n// endregion: twice\n",
            ])
        }
        guard case .duplicateRegion(let chapter, let region, let folder, let places)? = error else {
            return XCTFail("expected duplicateRegion, got \(String(describing: error))")
        }
        XCTAssertEqual(chapter, folderName)
        XCTAssertEqual(region, "twice")
        XCTAssertEqual(folder, example)
        XCTAssertEqual(places.count, 2)
        XCTAssertTrue(places[0].hasSuffix("a.swift:1") && places[1].hasSuffix("b.swift:2"), "\(places)")
    }

    func testUnbalancedMarkers() {
        let unclosed = thrownChapterError {
            try load("```swift include=a\n```\n", sources: ["main.swift": "let x = 1\n// region: a\nlet y = 2\n"])
        }
        XCTAssertEqual(unclosed, .unclosedRegion(chapter: folderName, region: "a",
                                                 file: example.appendingPathComponent("main.swift"), line: 2))
        let unmatched = thrownChapterError {
            try load("```swift include=a\n```\n", sources: ["main.swift": "// endregion: a\n"])
        }
        XCTAssertEqual(unmatched, .unmatchedEndRegion(chapter: folderName, region: "a",
                                                      file: example.appendingPathComponent("main.swift"), line: 1))
    }

    func testIncludeBlocksMustBeEmptyAndNamed() {
        XCTAssertEqual(thrownChapterError {
            try load("\n```swift include=a\nlet pasted = 1\n```\n", sources: ["main.swift": "// region: a\n// endregion: a\n"])
        }, .includeBlockNotEmpty(chapter: folderName, region: "a", line: 5))
        XCTAssertEqual(thrownChapterError {
            try load("```swift include=\n```\n", sources: ["main.swift": ""])
        }, .emptyIncludeName(chapter: folderName, line: 4))
    }

    func testCommonIndentationOnlyIsRemoved() {
        XCTAssertEqual(SourceRegions.tidied(["", "    a", "      b", "   ", "    c", ""]), ["a", "  b", "", "c"])
        XCTAssertEqual(SourceRegions.tidied(["\tx", "\t\ty"]), ["x", "\ty"])
        XCTAssertEqual(SourceRegions.tidied([]), [])
    }

    func testMarkerLookalikesAreCode() throws {
        let regions = try SourceRegions.parse("""
        // region: a
        // regions of memory are shared
        //endregion:a
        """, file: URL(fileURLWithPath: "/x.swift"), chapter: "c")
        XCTAssertEqual(regions.map(\.name), ["a"])
        XCTAssertEqual(regions.first?.lines, ["// regions of memory are shared"])
    }
}
