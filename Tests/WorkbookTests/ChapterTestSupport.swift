import Foundation
import XCTest
@testable import Workbook

/// A throwaway package folder with a Lessons/ folder, written by a test.
final class LessonsSandbox {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("workbook-chapter-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes `text` at `path` (relative to Lessons/), making folders as needed.
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL {
        let url = root.appendingPathComponent("Lessons").appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Makes a folder (relative to Lessons/).
    func makeFolder(_ path: String) throws {
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Lessons").appendingPathComponent(path), withIntermediateDirectories: true)
    }

    /// Writes a whole chapter: chapter.md and Example/main.swift.
    func chapter(_ folder: String, markdown: String, example: String = "print(\"hi\")\n") throws {
        try write("\(folder)/chapter.md", markdown)
        try write("\(folder)/Example/main.swift", example)
    }

    func folder(_ name: String) -> URL {
        root.appendingPathComponent("Lessons").appendingPathComponent(name)
    }
}

/// The ChapterError `body` throws, or nil (with a failure) when it throws
/// nothing or something else.
func thrownChapterError<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> ChapterError? {
    do {
        _ = try body()
        XCTFail("expected a ChapterError, nothing was thrown", file: file, line: line)
    } catch let error as ChapterError {
        return error
    } catch {
        XCTFail("expected a ChapterError, got \(error)", file: file, line: line)
    }
    return nil
}
