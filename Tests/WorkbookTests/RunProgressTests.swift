import Foundation
import XCTest
@testable import Workbook

final class RunProgressTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    func testMissingFileIsEmptyProgressWithoutWarning() {
        let (progress, warning) = LearnerProgress.load(from: LearnerProgress.file(in: folder))
        XCTAssertEqual(progress, LearnerProgress())
        XCTAssertNil(warning)
    }

    func testRoundTripCountsPasses() throws {
        let file = LearnerProgress.file(in: folder)
        var progress = LearnerProgress()
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        progress.record(.pass, for: "01-threads-and-processes", at: time)
        progress.record(.fail, for: "01-threads-and-processes", at: time)
        progress.record(.pass, for: "02-processes", at: time)
        try progress.save(to: file)

        let (loaded, warning) = LearnerProgress.load(from: file)
        XCTAssertNil(warning)
        XCTAssertEqual(loaded, progress)
        XCTAssertEqual(loaded.entry(for: "01-threads-and-processes"), LearnerProgress.Entry(lastStatus: .fail, time: time, passes: 1))
        XCTAssertEqual(loaded.entry(for: "02-processes")?.passes, 1)
        XCTAssertNil(loaded.entry(for: "03-start-methods"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(leftovers, [LearnerProgress.fileName], "the temporary file of the atomic write was left behind")
    }

    func testStatusesAreStoredByTheirLabels() throws {
        var progress = LearnerProgress()
        progress.record(.buildError, for: "x")
        try progress.save(to: LearnerProgress.file(in: folder))
        let text = try String(contentsOf: LearnerProgress.file(in: folder), encoding: .utf8)
        XCTAssertTrue(text.contains("\"BUILD ERROR\""), text)
    }

    func testCorruptFileGivesAWarningAndEmptyProgress() throws {
        let file = LearnerProgress.file(in: folder)
        try Data("{ this is not json".utf8).write(to: file)
        let (progress, warning) = LearnerProgress.load(from: file)
        XCTAssertEqual(progress, LearnerProgress())
        let text = try XCTUnwrap(warning)
        XCTAssertTrue(text.hasPrefix("warning: "), text)
        XCTAssertTrue(text.contains(file.path), text)
        XCTAssertTrue(text.contains("not valid JSON"), text)
    }

    func testWrongShapeGivesAWarning() throws {
        let file = LearnerProgress.file(in: folder)
        try Data("{\"version\":1,\"chapters\":{\"a\":{\"lastStatus\":\"MAYBE\",\"time\":\"x\",\"passes\":1}}}".utf8).write(to: file)
        let (progress, warning) = LearnerProgress.load(from: file)
        XCTAssertEqual(progress, LearnerProgress())
        XCTAssertNotNil(warning)
    }

    func testSavingOverACorruptFileReplacesIt() throws {
        let file = LearnerProgress.file(in: folder)
        try Data("garbage".utf8).write(to: file)
        var (progress, _) = LearnerProgress.load(from: file)
        progress.record(.pass, for: "02-processes")
        try progress.save(to: file)
        let (loaded, warning) = LearnerProgress.load(from: file)
        XCTAssertNil(warning)
        XCTAssertEqual(loaded.entry(for: "02-processes")?.lastStatus, .pass)
    }
}
