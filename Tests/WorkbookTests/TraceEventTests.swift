import XCTest
@testable import Workbook

final class TraceEventTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("trace-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testReadsTheCoresLines() throws {
        let file = folder.appendingPathComponent("trace.jsonl")
        try """
            {"event":"start","pid":4241,"ppid":1,"name":"MainProcess","method":"main","time":1795000000.1}
            {"event":"start","pid":4242,"ppid":4241,"name":"Process-1","method":"fork","time":1795000000.123456}

            {"event":"exit","pid":4242,"ppid":4241,"name":"Process \\"1\\"","method":"fork","exitCode":-9,"time":1795000000.2}

            """.write(to: file, atomically: true, encoding: .utf8)
        let events = try TraceEvent.read(from: file)
        XCTAssertEqual(events.count, 3)
        XCTAssertEqual(events[0], TraceEvent(event: "start", pid: 4241, ppid: 1, name: "MainProcess", method: "main", time: 1795000000.1))
        XCTAssertTrue(events[0].isMain)
        XCTAssertEqual(events[1].exitCode, nil)
        XCTAssertEqual(events[1].time, 1795000000.123456, accuracy: 1e-6)
        XCTAssertTrue(events[2].isExit)
        XCTAssertEqual(events[2].exitCode, -9)
        XCTAssertEqual(events[2].name, "Process \"1\"")
    }

    func testAMissingFileMeansNoEvents() throws {
        XCTAssertEqual(try TraceEvent.read(from: folder.appendingPathComponent("never-written")), [])
    }

    func testAnEmptyFileMeansNoEvents() throws {
        let file = folder.appendingPathComponent("empty")
        try Data().write(to: file)
        XCTAssertEqual(try TraceEvent.read(from: file), [])
    }

    func testAMalformedLineNamesTheLine() throws {
        let file = folder.appendingPathComponent("bad.jsonl")
        try "{\"event\":\"start\",\"pid\":1,\"ppid\":0,\"name\":\"m\",\"method\":\"main\",\"time\":1}\nnot json\n"
            .write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TraceEvent.read(from: file)) { error in
            let traceError = error as? TraceFileError
            XCTAssertEqual(traceError?.line, 2)
            XCTAssertEqual(traceError?.file, file.path)
            XCTAssertEqual(traceError?.description, "trace file \(file.path), line 2: `not json` is not valid JSON")
        }
    }

    func testAMissingFieldIsNamed() {
        XCTAssertThrowsError(try TraceEvent.parse("{\"event\":\"start\",\"pid\":1,\"name\":\"m\",\"method\":\"main\",\"time\":1}")) { error in
            XCTAssertEqual((error as? TraceFileError)?.line, 1)
            XCTAssertTrue(String(describing: error).contains("has no \"ppid\" field"), String(describing: error))
        }
        XCTAssertThrowsError(try TraceEvent.parse("\n{\"event\":\"start\",\"pid\":\"x\",\"ppid\":0,\"name\":\"m\",\"method\":\"main\",\"time\":1}")) { error in
            XCTAssertEqual((error as? TraceFileError)?.line, 2)
            XCTAssertTrue(String(describing: error).contains("\"pid\" has the wrong type"), String(describing: error))
        }
    }

    func testADirectoryCannotBeRead() {
        XCTAssertThrowsError(try TraceEvent.read(from: folder)) { error in
            XCTAssertNil((error as? TraceFileError)?.line)
            XCTAssertTrue(String(describing: error).contains("could not be read"))
        }
    }

    func testWindowsLineEndings() throws {
        let line = "{\"event\":\"start\",\"pid\":1,\"ppid\":0,\"name\":\"m\",\"method\":\"main\",\"time\":1}"
        XCTAssertEqual(try TraceEvent.parse(line + "\r\n" + line + "\r\n").count, 2)
    }
}
