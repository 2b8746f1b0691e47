import XCTest
@testable import Workbook

final class ChapterFrontMatterTests: XCTestCase {
    private var sandbox: LessonsSandbox!

    override func setUpWithError() throws {
        sandbox = try LessonsSandbox()
    }

    override func tearDown() {
        sandbox = nil
    }

    private func load(_ markdown: String) throws -> Chapter {
        try sandbox.chapter("02-processes", markdown: markdown)
        return try Chapter(folder: sandbox.folder("02-processes"))
    }

    private var file: URL { sandbox.folder("02-processes").appendingPathComponent("chapter.md") }

    func testAllKeys() throws {
        let chapter = try load("""
        ---
        title: Processes
        minutes: 25
        timeout: 60.5
        goal: Start a process
        # a comment line

        goal: "Read its exit code"
        ---
        # Processes

        Text.
        """)
        XCTAssertEqual(chapter.number, 2)
        XCTAssertEqual(chapter.slug, "processes")
        XCTAssertEqual(chapter.name, "02-processes")
        XCTAssertEqual(chapter.targetName, "lesson-02-processes")
        XCTAssertEqual(chapter.title, "Processes")
        XCTAssertEqual(chapter.minutes, 25)
        XCTAssertEqual(chapter.timeout, 60.5)
        XCTAssertEqual(chapter.runTimeout, 60.5)
        XCTAssertEqual(chapter.goals, ["Start a process", "Read its exit code"])
        XCTAssertEqual(chapter.body, "# Processes\n\nText.")
        XCTAssertEqual(chapter.expectations, [])
    }

    func testOptionalKeysMayBeLeftOut() throws {
        let chapter = try load("---\ntitle: Threads: and processes\n---\nBody\n")
        XCTAssertEqual(chapter.title, "Threads: and processes")
        XCTAssertNil(chapter.minutes)
        XCTAssertNil(chapter.timeout)
        XCTAssertEqual(chapter.runTimeout, Chapter.defaultTimeout)
        XCTAssertEqual(chapter.goals, [])
    }

    func testWindowsLineEndingsAreAccepted() throws {
        let chapter = try load("---\r\ntitle: T\r\nminutes: 3\r\n---\r\nBody\r\n")
        XCTAssertEqual(chapter.title, "T")
        XCTAssertEqual(chapter.minutes, 3)
        XCTAssertEqual(chapter.body, "Body\n")
    }

    func testMissingTitle() {
        let error = thrownChapterError { try load("---\nminutes: 5\n---\nBody") }
        XCTAssertEqual(error, .missingTitle(file))
        XCTAssertTrue(error?.description.contains("has no title") == true)
    }

    func testUnknownKey() {
        let error = thrownChapterError { try load("---\ntitle: T\nauthor: me\n---\n") }
        XCTAssertEqual(error, .unknownFrontMatterKey(file, line: 3, key: "author"))
        XCTAssertTrue(error?.description.contains("title, goal, minutes, timeout") == true, error?.description ?? "")
    }

    func testBadNumbers() {
        XCTAssertEqual(thrownChapterError { try load("---\ntitle: T\nminutes: ten\n---\n") },
                       .badNumber(file, line: 3, key: "minutes", value: "ten"))
        XCTAssertEqual(thrownChapterError { try load("---\ntitle: T\nminutes: 2.5\n---\n") },
                       .badNumber(file, line: 3, key: "minutes", value: "2.5"))
        XCTAssertEqual(thrownChapterError { try load("---\ntitle: T\ntimeout: -1\n---\n") },
                       .badNumber(file, line: 3, key: "timeout", value: "-1"))
        let error = thrownChapterError { try load("---\ntitle: T\n\ntimeout: soon\n---\n") }
        XCTAssertEqual(error, .badNumber(file, line: 4, key: "timeout", value: "soon"))
        XCTAssertTrue(error?.description.contains("chapter.md:4: timeout must be a number of seconds") == true,
                      error?.description ?? "")
    }

    func testNoClosingLine() {
        let error = thrownChapterError { try load("---\ntitle: T\n\n# Heading\n") }
        XCTAssertEqual(error, .unclosedFrontMatter(file))
        XCTAssertTrue(error?.description.contains("no closing \"---\"") == true)
    }

    func testNoFrontMatterAtAll() {
        XCTAssertEqual(thrownChapterError { try load("# Just a heading\n") }, .missingFrontMatter(file))
    }

    func testMalformedEmptyAndRepeatedLines() {
        XCTAssertEqual(thrownChapterError { try load("---\ntitle: T\njust words\n---\n") },
                       .malformedFrontMatterLine(file, line: 3, text: "just words"))
        XCTAssertEqual(thrownChapterError { try load("---\ntitle:\n---\n") },
                       .emptyFrontMatterValue(file, line: 2, key: "title"))
        XCTAssertEqual(thrownChapterError { try load("---\ntitle: A\ntitle: B\n---\n") },
                       .duplicateFrontMatterKey(file, line: 3, key: "title"))
    }

    func testMissingChapterFileAndExampleFolder() throws {
        try sandbox.makeFolder("03-start-methods/Example")
        XCTAssertEqual(thrownChapterError { try Chapter(folder: sandbox.folder("03-start-methods")) },
                       .missingChapterFile(sandbox.folder("03-start-methods")))

        try sandbox.write("04-pools/chapter.md", "---\ntitle: Pools\n---\n")
        let error = thrownChapterError { try Chapter(folder: sandbox.folder("04-pools")) }
        XCTAssertEqual(error, .missingExampleFolder(sandbox.folder("04-pools")))
        XCTAssertTrue(error?.description.contains("has no Example folder") == true)
    }

    func testFolderNamesMustBeNumbered() throws {
        try sandbox.chapter("processes", markdown: "---\ntitle: T\n---\n")
        XCTAssertEqual(thrownChapterError { try Chapter(folder: sandbox.folder("processes")) },
                       .badFolderName(sandbox.folder("processes")))
    }

    func testExpectationBlocksKnowTheirLineInChapterMarkdown() throws {
        let chapter = try load("""
        ---
        title: T
        goal: G
        ---
        Intro.

        ```expect
        CHECK: one
        ```

        - In a list:

          ```expect
          CHECK: two
          CHECK-NEXT: three
          ```

        > ```expect
        > # quoted
        > ```

        ```swift
        // not an expectation
        ```

        ```expectation
        also not one
        ```
        """)
        XCTAssertEqual(chapter.expectations, [
            ExpectationBlock(text: "CHECK: one\n", line: 8),
            ExpectationBlock(text: "CHECK: two\nCHECK-NEXT: three\n", line: 14),
            ExpectationBlock(text: "# quoted\n", line: 19),
        ])
    }

    func testErrorMessagesAreReadable() {
        let error = ChapterError.unknownChapter("9", available: ["01-threads", "02-processes"])
        XCTAssertEqual(error.description,
                       "There is no chapter \"9\". Give a number or a name; the chapters are: 01-threads, 02-processes.")
    }
}
