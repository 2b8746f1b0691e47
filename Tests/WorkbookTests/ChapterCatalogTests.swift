import XCTest
@testable import Workbook

final class ChapterCatalogTests: XCTestCase {
    private var sandbox: LessonsSandbox!
    private var catalog: Catalog!

    override func setUpWithError() throws {
        sandbox = try LessonsSandbox()
        catalog = Catalog(root: sandbox.root)
        try sandbox.chapter("02-processes", markdown: "---\ntitle: Processes\n---\n")
        try sandbox.chapter("01-threads-and-processes", markdown: "---\ntitle: Threads and processes\n---\n")
        try sandbox.chapter("10-pools", markdown: "---\ntitle: Pools\n---\n")
        // Not chapters: no chapter.md, no number, a plain file.
        try sandbox.makeFolder("03-start-methods/Example")
        try sandbox.chapter("drafts", markdown: "---\ntitle: Draft\n---\n")
        try sandbox.write("README.md", "notes")
    }

    override func tearDown() {
        catalog = nil
        sandbox = nil
    }

    func testChaptersAreSortedByNumberAndOthersIgnored() throws {
        let chapters = try catalog.chapters()
        XCTAssertEqual(chapters.map(\.number), [1, 2, 10])
        XCTAssertEqual(chapters.map(\.slug), ["threads-and-processes", "processes", "pools"])
        XCTAssertEqual(chapters.map(\.title), ["Threads and processes", "Processes", "Pools"])
        XCTAssertEqual(chapters.map(\.targetName),
                       ["lesson-01-threads-and-processes", "lesson-02-processes", "lesson-10-pools"])
    }

    func testMatchingByNumberSlugAndFolderName() throws {
        for query in ["2", "02", "002", "processes", "02-processes", "Processes", " 2 ", "lesson-02-processes"] {
            XCTAssertEqual(try catalog.chapter(matching: query).number, 2, "query \(query)")
        }
        XCTAssertEqual(try catalog.chapter(matching: "10").slug, "pools")
    }

    func testAnUnknownChapterListsTheChapters() {
        for query in ["4", "pool", "03-start-methods", ""] {
            let error = thrownChapterError { try catalog.chapter(matching: query) }
            XCTAssertEqual(error, .unknownChapter(query, available: ["01-threads-and-processes", "02-processes", "10-pools"]))
        }
    }

    func testOneBrokenChapterDoesNotHideTheOthers() throws {
        try sandbox.write("10-pools/chapter.md", "no front matter")
        XCTAssertEqual(try catalog.chapter(matching: "2").title, "Processes")
        XCTAssertNotNil(thrownChapterError { try catalog.chapters() })
    }

    func testDuplicateNumbers() throws {
        try sandbox.chapter("02-other", markdown: "---\ntitle: Other\n---\n")
        XCTAssertEqual(thrownChapterError { try catalog.chapters() },
                       .duplicateChapterNumber(2, folders: ["02-other", "02-processes"]))
    }

    func testNoLessonsFolder() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-lessons-\(UUID().uuidString)")
        let error = thrownChapterError { try Catalog(root: empty).chapters() }
        XCTAssertEqual(error, .noLessonsFolder(empty.appendingPathComponent("Lessons")))
    }
}
