import Foundation
import Multiprocessing
import XCTest

final class StartMethodTests: HelperTestCase {
    /// The point of spawn and forkserver: a named target may use Dispatch and
    /// async/await even when the parent already used them before starting it.
    func testNamedTargetsMayUseConcurrencyUnderSpawnAndForkserver() throws {
        for method in ["spawn", "forkserver"] {
            let v = try scenario("concurrency", method).values
            XCTAssertEqual(v["result"], "385,100", method)
            XCTAssertEqual(v["exitCode"], "0", method)
        }
    }

    func testForkWarnsOnceWhenTheParentRunsThreads() throws {
        let program = try scenario("fork-warning", "fork")
        XCTAssertEqual(program.all("exitCode"), ["0", "0"])
        let warnings = program.errors.components(separatedBy: "multiprocessing warning").count - 1
        XCTAssertEqual(warnings, 1, program.errors)
        XCTAssertTrue(program.errors.contains("Dispatch or Swift concurrency"))
        for method in ["spawn", "forkserver"] {
            XCTAssertFalse(try scenario("fork-warning", method).errors.contains("warning"), method)
        }
    }

    /// CPython warns once per place; we warn once per process, however many
    /// threads a Pool or a Manager adds, and MP_FORK_WARNING=0 silences it.
    func testForkWarnsOncePerProcessWithAPoolAndAManagerAndCanBeSilenced() throws {
        let loud = try scenario("fork-warning-busy", "fork")
        XCTAssertEqual(loud.all("exitCode"), ["0", "0", "0"])
        XCTAssertEqual(loud.errors.components(separatedBy: "multiprocessing warning").count - 1, 1, loud.errors)
        XCTAssertTrue(loud.errors.contains("MP_FORK_WARNING=0"), "the warning says how to silence it")
        let quiet = try scenario("fork-warning-busy", "fork", environment: ["MP_FORK_WARNING": "0"])
        XCTAssertEqual(quiet.all("exitCode"), ["0", "0", "0"])
        XCTAssertFalse(quiet.errors.contains("warning"), quiet.errors)
    }

    /// A program that is already multi-threaded at bootstrap cannot fork its
    /// fork server safely; it spawns one instead, and forkserver still works.
    func testForkServerIsSpawnedWhenTheProgramIsAlreadyThreaded() throws {
        let v = try scenario("threads-before-bootstrap", "forkserver").values
        XCTAssertEqual(v["name"], "Process-1")
        XCTAssertEqual(v["method"], "forkserver")
        XCTAssertEqual(v["exitCode"], "0")
    }

    func testTraceRecordsEveryStartAndExit() throws {
        for method in methods {
            let path = NSTemporaryDirectory() + "mp-trace-\(UUID().uuidString).jsonl"
            defer { unlink(path) }
            let program = try scenario("exit-codes", method, environment: ["MP_TRACE_FILE": path])
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let events = try lines.map { line -> [String: Any] in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try XCTUnwrap(object as? [String: Any], String(line))
            }
            let starts = events.filter { $0["event"] as? String == "start" }
            let exits = events.filter { $0["event"] as? String == "exit" }
            let main = try XCTUnwrap(starts.first { $0["name"] as? String == "MainProcess" })
            XCTAssertEqual(main["pid"] as? Int, Int(program.pid))
            XCTAssertEqual(main["method"] as? String, "main")
            let children = starts.filter { $0["name"] as? String != "MainProcess" }
            XCTAssertEqual(Set(children.compactMap { $0["name"] as? String }),
                           Set((1...5).map { "Process-\($0)" }), method)
            XCTAssertTrue(children.allSatisfy { $0["ppid"] as? Int == Int(program.pid) }, method)
            XCTAssertTrue(children.allSatisfy { $0["method"] as? String == method }, method)
            XCTAssertTrue(events.allSatisfy { ($0["time"] as? Double ?? 0) > 1_700_000_000 })
            let codes = Dictionary(uniqueKeysWithValues: exits.compactMap { event -> (String, Int)? in
                guard let name = event["name"] as? String, let code = event["exitCode"] as? Int else { return nil }
                return (name, code)
            })
            XCTAssertEqual(codes, ["Process-1": 0, "Process-2": 7, "Process-3": 1, "Process-4": -15, "Process-5": -9],
                           method)
            // Each exit names the pid its start line gave.
            for exit in exits {
                let start = children.first { $0["name"] as? String == exit["name"] as? String }
                XCTAssertEqual(start?["pid"] as? Int, exit["pid"] as? Int)
            }
        }
    }
}
