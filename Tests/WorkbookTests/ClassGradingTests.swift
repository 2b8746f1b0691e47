import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `workbook grade --submissions`: a class of eight, among them the hostile
/// submissions a grader must survive (a fork bomb, endless allocation, an
/// endless sleep, deleting files, a gigabyte of output, reaching the network). Each is graded
/// with a reason, nothing is left behind, and the instructor's files are
/// untouched.
final class ClassGradingTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = try CLI.temporaryFolder()
        _ = chmod(scratch.path, 0o755)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func exercise() throws -> URL {
        let folder = CLI.packageRoot.appendingPathComponent("Exercises/01-factorials")
        guard FileManager.default.fileExists(atPath: folder.path) else { throw CLI.unavailable("exercise 1 is not there") }
        guard FileManager.default.isExecutableFile(atPath: CLI.binaries.appendingPathComponent("solution-01-factorials").path) else {
            throw CLI.unavailable("solution-01-factorials is not built")
        }
        return folder
    }

    private func submit(_ student: String, _ source: String) throws {
        let folder = scratch.appendingPathComponent("class/\(student)/Exercises/01-factorials/Sources")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(source.utf8).write(to: folder.appendingPathComponent("main.swift"))
    }

    func testAHostileClassIsGradedWithReasonsAndLeavesNothingBehind() throws {
        let exercise = try exercise()
        let sentinel = scratch.appendingPathComponent("instructor/keep")
        try FileManager.default.createDirectory(at: sentinel.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: sentinel)
        _ = chmod(sentinel.deletingLastPathComponent().path, 0o755)

        try submit("alice", try String(contentsOf: exercise.appendingPathComponent("Solution/main.swift"), encoding: .utf8))
        try submit("bob", try String(contentsOf: exercise.appendingPathComponent("Starter/main.swift"), encoding: .utf8))
        try submit("carol", "let x: Int = \"not a number\"\n")
        try submit("dave", "import Glibc\nwhile true { _ = fork() }\n")
        try submit("erin", "var keep: [[UInt8]] = []\nwhile true { keep.append([UInt8](repeating: 1, count: 256 << 20)) }\n")
        try submit("frank", "import Glibc\nwhile true { sleep(1000) }\n")
        try submit("gina", """
            import Foundation
            try? FileManager.default.removeItem(atPath: "\(sentinel.path)")
            print(FileManager.default.fileExists(atPath: "\(sentinel.path)") ? "could not delete" : "deleted")
            """)
        try submit("hank", "let line = String(repeating: \"x\", count: 1023)\nfor _ in 0..<(1 << 20) { print(line) }\n")
        // A listener of the instructor's, which a submission must not reach.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = listen(listener, 4)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        try submit("ivan", """
            import Glibc
            let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = UInt16(\(port)).bigEndian
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            let r = withUnsafePointer(to: &a) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            print(r == 0 ? "connected" : "no network")
            """)
        // A copy of the whole course, with a progress file that read two hints.
        try Data("{\"version\":1,\"chapters\":{},\"exercises\":{\"factorials\":{\"passes\":0,\"hintsShown\":2}}}".utf8)
            .write(to: scratch.appendingPathComponent("class/bob/.workbook-progress.json"))

        let report = scratch.appendingPathComponent("results.json")
        let csv = scratch.appendingPathComponent("grades.csv")
        let junit = scratch.appendingPathComponent("grades.xml")
        let outcome = try CLI.run(["grade", "1", "--submissions", scratch.appendingPathComponent("class").path, "--skip-build",
                                   "--timeout", "3", "--jobs", "2", "--report", report.path, "--csv", csv.path, "--junit", junit.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.lastLine, "9 students, 1 exercises: 1 pass, 3 fail, 5 error")

        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any])
        let results = try XCTUnwrap(document["results"] as? [[String: Any]])
        var status: [String: String] = [:]
        var message: [String: String] = [:]
        for result in results {
            status[result["student"] as? String ?? ""] = result["status"] as? String
            message[result["student"] as? String ?? ""] = result["message"] as? String
        }
        XCTAssertEqual(status, ["alice": "pass", "bob": "fail", "carol": "error", "dave": "error", "erin": "error",
                                "frank": "error", "gina": "fail", "hank": "error", "ivan": "fail"])
        XCTAssertTrue(message["carol"]?.contains("does not compile") ?? false)
        XCTAssertTrue(message["frank"]?.contains("still running after 3 s") ?? false, message["frank"] ?? "")
        XCTAssertEqual(results.first { $0["student"] as? String == "bob" }?["hintsUsed"] as? Int, 2)
        let bobChecks = try XCTUnwrap(results.first { $0["student"] as? String == "bob" }?["checks"] as? [[String: Any]])
        XCTAssertEqual(bobChecks.map { $0["step"] as? String }, ["build", "output", "hidden", "trace", "hygiene"])
        XCTAssertEqual(bobChecks.map { $0["status"] as? String }, ["pass", "fail", nil, nil, nil])

        XCTAssertEqual(try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").count, 10)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        XCTAssertEqual(xml.components(separatedBy: "<testcase ").count - 1, 9)
        XCTAssertEqual(xml.components(separatedBy: "<error ").count - 1, 5)

        if getuid() == 0 {
            XCTAssertTrue(FileManager.default.fileExists(atPath: sentinel.path), "a submission deleted the instructor's file")
            let ivan = results.first { $0["student"] as? String == "ivan" }?["output"] as? String
            XCTAssertEqual(ivan, "no network\n", "a submission reached the network")
            // Nothing runs as the submissions' users, and they left nothing in /dev/shm.
            let leftovers = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { entry in
                var info = stat()
                return Int32(entry) != nil && stat("/proc/\(entry)", &info) == 0 && (61_000..<61_064).contains(info.st_uid)
            }
            XCTAssertEqual(leftovers, [])
        }
        let temporary = (try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? []
        XCTAssertFalse(temporary.contains { $0.hasPrefix("workbook-grade-") || $0.hasPrefix("workbook-class-") }, "\(temporary)")
    }

    func testBadClassInput() throws {
        let missing = try CLI.run(["grade", "--submissions", scratch.appendingPathComponent("nowhere").path, "--skip-build"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("is not a folder of submissions"), missing.stderr)
        let jobs = try CLI.run(["grade", "--submissions", scratch.path, "--jobs", "0"])
        XCTAssertEqual(jobs.status, 64)
        let reportAlone = try CLI.run(["grade", "1", "--report", "x.json"])
        XCTAssertEqual(reportAlone.status, 64)
        XCTAssertTrue(reportAlone.stderr.contains("need --submissions"), reportAlone.stderr)
    }
}
