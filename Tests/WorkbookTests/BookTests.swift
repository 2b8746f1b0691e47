import Foundation
import XCTest
@testable import Workbook

/// The book, built from the real course: its pages, links, editions and
/// timelines, checked on the files.
final class BookTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = try CLI.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func build(instructor: Bool) throws -> URL {
        let folder = scratch.appendingPathComponent(instructor ? "instructor" : "learner")
        var builder = BookBuilder(root: CLI.packageRoot, output: folder)
        builder.instructor = instructor
        let report = try builder.build()
        XCTAssertGreaterThan(report.pages, 5)
        return folder
    }

    private func pages(in folder: URL) throws -> [String: String] {
        var pages: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".html") {
            pages[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return pages
    }

    func testEveryChapterAndExerciseHasAPageAndEveryInternalLinkResolves() throws {
        let folder = try build(instructor: true)
        let pages = try pages(in: folder)
        for chapter in try Catalog(root: CLI.packageRoot).chapters() {
            XCTAssertNotNil(pages["chapter-\(chapter.name).html"], chapter.name)
        }
        for exercise in try Catalog(root: CLI.packageRoot).exercises() {
            XCTAssertNotNil(pages["exercise-\(exercise.name).html"], exercise.name)
        }
        let ids = pages.mapValues { page in Set(matches(of: "id=\"([^\"]+)\"", in: page)) }
        var broken: [String] = []
        for (name, page) in pages {
            for link in matches(of: "href=\"([^\"]+)\"", in: page) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? name : parts[0]
                guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) else {
                    broken.append("\(name) -> \(link)")
                    continue
                }
                if parts.count > 1, !parts[1].isEmpty, file.hasSuffix(".html"), !(ids[file]?.contains(parts[1]) ?? false) {
                    broken.append("\(name) -> \(link) (no such anchor)")
                }
            }
        }
        XCTAssertEqual(broken, [])
    }

    func testTheLearnersEditionHasNoSolutionAndNoSpeakerNote() throws {
        let learner = try pages(in: try build(instructor: false))
        let instructor = try pages(in: try build(instructor: true))
        XCTAssertNil(learner["solutions.html"])
        XCTAssertNil(learner["instructor-guide.html"])
        XCTAssertNotNil(instructor["solutions.html"])
        XCTAssertNotNil(instructor["instructor-guide.html"])
        for (name, page) in learner {
            XCTAssertFalse(page.contains("speaker-notes"), "\(name) shows speaker notes")
        }
        // No line of any reference solution that the exercise does not show anyway.
        for exercise in try Catalog(root: CLI.packageRoot).exercises() {
            let task = try String(contentsOf: exercise.exerciseFile, encoding: .utf8) + exercise.hints.joined(separator: "\n")
            let starter = try ExerciseFiles.files(in: exercise.starterFolder).map {
                try String(contentsOf: exercise.starterFolder.appendingPathComponent($0), encoding: .utf8)
            }.joined()
            for file in try ExerciseFiles.files(in: exercise.solutionFolder) {
                let lines = try String(contentsOf: exercise.solutionFolder.appendingPathComponent(file), encoding: .utf8)
                    .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.count > 30 && !task.contains($0) && !starter.contains($0) }
                for line in lines {
                    let escaped = HTMLRenderer.escape(line)
                    for (name, page) in learner where page.contains(escaped) {
                        XCTFail("\(name) shows a line of \(exercise.name)'s solution: \(line)")
                    }
                    XCTAssertTrue(instructor["solutions.html"]?.contains("solutions") ?? false)
                }
            }
        }
        // The guide has a schedule and every chapter.
        let guide = try XCTUnwrap(instructor["instructor-guide.html"])
        XCTAssertTrue(guide.contains("In one day") && guide.contains("In 2 days"), "no schedule")
        for chapter in try Catalog(root: CLI.packageRoot).chapters() {
            XCTAssertTrue(guide.contains(HTMLRenderer.escape(chapter.title)), chapter.title)
        }
    }

    func testSpeakerNotesShowOnlyInTheInstructorsEditionAndNotInRead() throws {
        let chapters = try Catalog(root: CLI.packageRoot).chapters()
        guard let noted = chapters.first(where: { $0.body.contains("```notes") }) else { throw CLI.unavailable("no chapter has speaker notes yet") }
        let instructor = try pages(in: try build(instructor: true))
        XCTAssertTrue(instructor["chapter-\(noted.name).html"]?.contains("speaker-notes") ?? false)
        let terminal = TerminalRenderer(width: 80, color: false).render(noted.document)
        let note = MarkdownDocument(parsing: noted.body).codeBlocks.first { $0.language == "notes" }?.literal ?? ""
        let firstLine = note.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertFalse(terminal.contains(firstLine), "read shows the speaker notes")
    }

    func testThePrintPageHoldsEveryPage() throws {
        let pages = try pages(in: try build(instructor: false))
        let print = try XCTUnwrap(pages["print.html"])
        for chapter in try Catalog(root: CLI.packageRoot).chapters() {
            XCTAssertTrue(print.contains("<h1>\(chapter.number). \(HTMLRenderer.escape(chapter.title))</h1>"), chapter.title)
        }
        XCTAssertEqual(print.components(separatedBy: "class=\"print-page\"").count - 1, pages.count - 1)
    }

    func testWithoutRunsTheChaptersSaySoAndTheSearchIndexCoversEveryPage() throws {
        let folder = try build(instructor: false)
        let pages = try pages(in: folder)
        XCTAssertTrue(pages["chapter-02-processes.html"]?.contains("No output was captured") ?? false)
        let index = try String(contentsOf: folder.appendingPathComponent("search-index.js"), encoding: .utf8)
        XCTAssertTrue(index.hasPrefix("window.BOOK_SEARCH = ["))
        XCTAssertEqual(index.components(separatedBy: "\"url\":").count - 1, pages.count - 1)
    }

    func testATimelineHasOneLanePerProcessAndLinksChildrenToParents() {
        let processes = [
            WitnessedProcess(pid: 10, parent: 1, start: 0, end: 0.5, exitCode: 0, execed: false, cpuMilliseconds: 1, name: "main"),
            WitnessedProcess(pid: 11, parent: 10, start: 0.1, end: 0.3, exitCode: 0, execed: false, cpuMilliseconds: 1, name: "Process-1"),
            WitnessedProcess(pid: 12, parent: 10, start: 0.2, end: 0.4, exitCode: -9, execed: false, cpuMilliseconds: 1, name: "Process-2"),
        ]
        let timeline = Timeline(processes: processes)
        let svg = timeline.svg()
        XCTAssertEqual(svg.components(separatedBy: "<g class=\"process\"").count - 1, 3)
        XCTAssertEqual(svg.components(separatedBy: "<line class=\"link\"").count - 1, 2)
        XCTAssertTrue(svg.contains("Process-2 (12)") && svg.contains(">-9</text>"))
        let text = timeline.text(width: 60)
        XCTAssertEqual(text.split(separator: "\n").count, 5)
        XCTAssertTrue(text.contains("Process-2 (12)") && text.hasSuffix("500 ms"), text)
        XCTAssertTrue(text.split(separator: "\n").allSatisfy { $0.count <= 60 }, text)
    }

    func testTimingsBecomeABarChartAndWrittenImagesAreFound() throws {
        let output = "1 thread: total 5, 0.54 s\n2 threads: total 5, 0.22 s, speed-up 2.40x\n2 processes: total 5, 0.25 s, speed-up 2.14x\n"
        let chart = try XCTUnwrap(BookRun.timingChart(output))
        XCTAssertEqual(chart.components(separatedBy: "<rect").count - 1, 3)
        XCTAssertTrue(chart.contains("2 processes") && chart.contains("0.25 s"))
        XCTAssertNil(BookRun.timingChart("1 thread: total 5, 0.54 s\n"), "one bar is no comparison")

        let image = scratch.appendingPathComponent("mandelbrot.png")
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: image)
        let found = BookRun.images(in: "wrote \(image.path) (4 bytes)\nand /nonexistent/x.png\n")
        XCTAssertEqual(found.map(\.path), [image.path])
        XCTAssertEqual(found.first?.name, "run-image-1-mandelbrot.png")
    }

    func testABadSummaryIsAClearError() throws {
        let book = scratch.appendingPathComponent("book")
        try FileManager.default.createDirectory(at: book, withIntermediateDirectories: true)
        try Data("# Part\n\n- [Missing](missing.md)\n".utf8).write(to: book.appendingPathComponent("SUMMARY.md"))
        XCTAssertThrowsError(try BookSummary(folder: book)) { error in
            XCTAssertTrue("\(error)".contains("missing.md does not exist"), "\(error)")
        }
        XCTAssertThrowsError(try BookSummary(folder: scratch)) { error in
            XCTAssertTrue("\(error)".contains("SUMMARY.md is missing"), "\(error)")
        }
    }

    private func matches(of pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..<text.endIndex, in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
