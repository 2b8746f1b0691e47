import Glibc
import Multiprocessing
import XCTest

/// No orphans, no zombies, no leaked descriptors.
final class CleanupTests: HelperTestCase {
    func testChildrenDieWhenTheirParentIsKilled() throws {
        for method in methods {
            let program = try HelperProgram(["orphans", method])
            XCTAssertTrue(program.waitForValues(["child", "grandchild", "sibling"], timeout: 20),
                          "\(method): \(program.output) \(program.errors)")
            let pids = ["child", "grandchild", "sibling"].compactMap { program.values[$0].flatMap(pid_t.init) }
            XCTAssertEqual(pids.count, 3)
            XCTAssertTrue(pids.allSatisfy(isRunning), "all three run before the parent is killed")
            kill(program.pid, SIGKILL)
            program.wait(timeout: 10)
            XCTAssertEqual(program.exitCode, -SIGKILL)
            let deadline = Date().addingTimeInterval(5)
            while pids.contains(where: isRunning) && Date() < deadline { usleep(20_000) }
            XCTAssertEqual(pids.filter(isRunning), [], "\(method): children outlived their killed parent")
        }
    }

    func testDaemonsAreTerminatedAndOthersAwaitedAtExit() throws {
        for method in methods {
            let started = Date()
            let program = try scenario("daemon", method)
            let elapsed = Date().timeIntervalSince(started)
            let v = program.values
            XCTAssertEqual(v["daemon.flag"], "true")
            XCTAssertEqual(v["setDaemon.after.start"], "ProcessError:\(MP.ProcessError.daemonAfterStart)")
            XCTAssertGreaterThanOrEqual(elapsed, 0.5, "\(method): exit waits for the non-daemon child")
            XCTAssertLessThan(elapsed, 20, "\(method): exit does not wait for the 120 s daemon")
            if let daemon = v["daemon"].flatMap(pid_t.init) {
                XCTAssertFalse(isRunning(daemon), "\(method): the daemon was not terminated")
            } else {
                XCTFail("the daemon did not report its pid: \(program.output)")
            }
        }
    }

    func testFinishedChildrenAreReapedNotLeftAsZombies() throws {
        for method in methods {
            let v = try scenario("zombies", method).values
            XCTAssertEqual(v["active"], "0", method)
            XCTAssertEqual(v["zombies"], "0", method)
            XCTAssertEqual(v["exitCodes"], "0,0,0,0,0", method)
        }
    }

    func testNoDescriptorIsLeakedAndChildrenGetOnlyTheirOwn() throws {
        for method in methods {
            let v = try scenario("descriptors", method).values
            XCTAssertEqual(v["before"], v["after"], "\(method): descriptors leaked in the parent")
            let child = (v["child"] ?? "").split(separator: ",").compactMap { Int32($0) }
            XCTAssertEqual(Array(child.prefix(3)), [0, 1, 2], method)
            if method != "fork" {
                // A fresh program: standard streams, the one connection
                // handed over, and the pipe to the program's resource tracker.
                XCTAssertEqual(child.count, 5, "\(method): \(child)")
            }
            let parentOnly = Set((v["before"] ?? "").split(separator: ",").compactMap { Int32($0) })
            // The parent's ends of the pipes (and its fork-server socket) never reach a named target.
            XCTAssertEqual(child.filter { $0 > 2 && !parentOnly.contains($0) }.count, 1, "\(method): \(child)")
        }
    }
}
