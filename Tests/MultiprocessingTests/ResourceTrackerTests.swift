import Glibc
import Multiprocessing
import XCTest

/// Nothing the core creates outside a process (named segments in /dev/shm,
/// a manager's folder and socket in /tmp) outlives its creator, however the
/// creator ends.
final class ResourceTrackerTests: HelperTestCase {
    /// How each ending is brought about, and the exit code it gives.
    private let endings: [(name: String, exitCodes: Set<Int32>)] = [
        ("normal", [0]),
        ("throw", [-SIGILL, -SIGTRAP]),
        ("fatalError", [-SIGILL, -SIGTRAP]),
        ("SIGKILL", [-SIGKILL]),
        ("SIGTERM", [-SIGTERM]),
        ("group-kill", [-SIGKILL]),
    ]

    func testNothingIsLeftBehindHoweverTheProgramEnds() throws {
        for method in methods {
            for ending in endings {
                try checkNothingLeft(method: method, ending: ending.name, exitCodes: ending.exitCodes)
            }
        }
    }

    private func checkNothingLeft(method: String, ending: String, exitCodes: Set<Int32>) throws {
        let label = "\(method), \(ending)"
        let before = coreEntries()
        let program = try HelperProgram(
            ["leave-nothing", method, ending], environment: ["SWIFT_BACKTRACE": "enable=no"],
            ownProcessGroup: ending == "group-kill")
        XCTAssertTrue(program.waitForValues(["ready"], timeout: 30), "\(label): \(program.output) \(program.errors)")
        let v = program.values
        XCTAssertEqual(v["created.exist"], "true", label)
        XCTAssertEqual(v["victim.segment.gone"], "true", "\(label): a killed child's segment goes while the program runs")
        switch ending {
        case "SIGKILL": kill(program.pid, SIGKILL)
        case "SIGTERM": kill(program.pid, SIGTERM)
        case "group-kill": kill(-program.pid, SIGKILL)
        default: break
        }
        XCTAssertTrue(program.wait(timeout: 30), label)
        XCTAssertTrue(exitCodes.contains(program.exitCode ?? 999), "\(label): exit code \(String(describing: program.exitCode))")

        let tracker = pid_t(v["tracker"] ?? "") ?? 0
        XCTAssertGreaterThan(tracker, 0, "\(label): the helper found its tracker")
        XCTAssertTrue(waitFor(timeout: 5) { !isRunning(tracker) }, "\(label): the tracker outlived the program")
        let made = ["/dev/shm/" + (v["segment"] ?? "?"), "/dev/shm/" + (v["child.segment"] ?? "?"),
                    v["socket"] ?? "?", v["folder"] ?? "?"]
        XCTAssertEqual(made.filter { access($0, F_OK) == 0 }, [], "\(label): left behind")
        // Whatever else appeared that this program (by pid) made.
        let pids = [program.pid] + ["child.pid", "victim.pid"].compactMap { v[$0].flatMap(pid_t.init) }
        let appeared = coreEntries().subtracting(before).filter { entry in
            made.contains(entry) || pids.contains { entry.contains("mp-\($0)-") }
        }
        XCTAssertEqual(appeared, [], "\(label): left behind")
    }

    func testTwoHundredCrashingProgramsLeaveNothing() throws {
        let before = coreEntries()
        var segments: [String] = []
        var pids: [pid_t] = []
        let started = Date()
        for run in 0..<200 {
            let program = try HelperProgram.run(
                ["crash-quick", "forkserver", run % 2 == 0 ? "fatalError" : "SIGKILL"],
                environment: ["SWIFT_BACKTRACE": "enable=no"])
            XCTAssertNotEqual(program.exitCode, 0)
            segments.append(program.values["segment"] ?? "?")
            pids.append(program.pid)
        }
        XCTAssertFalse(segments.contains("?"), "every program created its segment")
        XCTAssertTrue(waitFor(timeout: 5) { !segments.contains { access("/dev/shm/" + $0, F_OK) == 0 } })
        XCTAssertEqual(segments.filter { access("/dev/shm/" + $0, F_OK) == 0 }, [], "segments left behind")
        let appeared = coreEntries().subtracting(before).filter { entry in pids.contains { entry.contains("mp-\($0)-") } }
        XCTAssertEqual(appeared, [])
        print("200 crashing programs in \(Date().timeIntervalSince(started)) s")
    }
}

/// The entries of /dev/shm and /tmp named with the core's prefix, as paths.
func coreEntries() -> Set<String> {
    var entries: Set<String> = []
    for folder in ["/dev/shm", "/tmp"] {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix("mp-") {
            if folder == "/tmp" && !name.hasPrefix("mp-manager-") { continue }
            entries.insert(folder + "/" + name)
        }
    }
    return entries
}

func waitFor(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() > deadline { return false }
        usleep(10_000)
    }
    return true
}
