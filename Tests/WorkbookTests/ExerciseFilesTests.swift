import Foundation
import XCTest
@testable import Workbook

final class ExerciseFilesTests: XCTestCase {
    func testReplaceContentsRestoresTheStarterExactly() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let starter = folder.appendingPathComponent("Starter")
        let sources = folder.appendingPathComponent("Sources")
        try FileManager.default.createDirectory(at: starter.appendingPathComponent("Sub"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        try Data("a".utf8).write(to: starter.appendingPathComponent("main.swift"))
        try Data("b".utf8).write(to: starter.appendingPathComponent("Sub/more.swift"))
        try Data("changed".utf8).write(to: sources.appendingPathComponent("main.swift"))
        try Data("extra".utf8).write(to: sources.appendingPathComponent("Extra.swift"))

        XCTAssertEqual(try ExerciseFiles.differences(between: starter, and: sources), ["Extra.swift", "Sub/more.swift", "main.swift"])
        let changed = try ExerciseFiles.replaceContents(of: sources, with: starter)
        XCTAssertEqual(changed, ["Extra.swift", "Sub/more.swift", "main.swift"])
        XCTAssertEqual(try ExerciseFiles.differences(between: starter, and: sources), [])
        XCTAssertEqual(try ExerciseFiles.replaceContents(of: sources, with: starter), [])
    }
}
