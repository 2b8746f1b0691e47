import Multiprocessing
import XCTest

final class ProcessLifecycleTests: HelperTestCase {
    func testLifecycleUnderEveryStartMethod() throws {
        for method in methods {
            let v = try scenario("lifecycle", method).values
            XCTAssertEqual(v["before.pid"], "nil", method)
            XCTAssertEqual(v["before.alive"], "false", method)
            XCTAssertEqual(v["before.exitCode"], "nil", method)
            XCTAssertEqual(v["before.name"], "Process-1", method)
            XCTAssertEqual(v["before.join"], "ProcessError:\(MP.ProcessError.notStarted)", method)
            XCTAssertEqual(v["running.alive"], "true", method)
            XCTAssertEqual(v["running.pid.positive"], "true", method)
            XCTAssertEqual(v["running.exitCode"], "nil", method)
            XCTAssertEqual(v["running.close"], "ProcessError:\(MP.ProcessError.stillRunning)", method)
            XCTAssertEqual(v["start.again"], "ProcessError:\(MP.ProcessError.alreadyStarted)", method)
            XCTAssertEqual(v["after.alive"], "false", method)
            XCTAssertEqual(v["after.exitCode"], "Optional(0)", method)
            XCTAssertEqual(v["close.again"], "ok", method)
            XCTAssertEqual(v["closed.name"], "Process-1", "the name is kept after close under \(method)")
            XCTAssertEqual(v["closed.pid.kept"], "true", "the pid is kept after close under \(method)")
            XCTAssertEqual(v["closed.alive"], "false", method)
            XCTAssertEqual(v["closed.exitCode"], "Optional(0)", "the last exit code is kept under \(method)")
            XCTAssertEqual(v["closed.daemon"], "false", method)
            let closed = "ProcessError:\(MP.ProcessError.closed)"
            for member in ["join", "start", "terminate", "kill", "sentinel", "setDaemon"] {
                XCTAssertEqual(v["closed.\(member)"], closed, "\(member) after close under \(method)")
            }
        }
    }

    func testExitCodesFollowPythonsConvention() throws {
        for method in methods {
            let program = try scenario("exit-codes", method)
            let v = program.values
            XCTAssertEqual(v["return"], "0", method)
            XCTAssertEqual(v["exit"], "7", method)
            XCTAssertEqual(v["throw"], "1", method)
            XCTAssertEqual(v["terminate"], "-15", method)
            XCTAssertEqual(v["kill"], "-9", method)
            XCTAssertEqual(v["terminate.again"], "ok", "terminating an ended process does nothing")
            XCTAssertTrue(program.errors.contains("Process Process-3 failed with"), program.errors)
            XCTAssertTrue(program.errors.contains("the target gave up"), program.errors)
        }
    }

    func testJoinTimeoutReturnsWithoutTheProcessEnding() throws {
        for method in methods {
            let v = try scenario("join-timeout", method).values
            XCTAssertEqual(v["ended"], "false", method)
            let waited = Int(v["waited.ms"] ?? "") ?? -1
            XCTAssertGreaterThanOrEqual(waited, 295, method)
            XCTAssertLessThan(waited, 3000, method)
            XCTAssertEqual(v["alive"], "true", method)
            XCTAssertEqual(v["ended.after.terminate"], "true", method)
            XCTAssertEqual(v["exitCode"], "-15", method)
        }
    }

    func testNamesIdentitiesAndParents() throws {
        for method in methods {
            let v = try scenario("names", method).values
            let mainPid = v["main.pid"]
            XCTAssertEqual(v["main.name"], "MainProcess")
            XCTAssertEqual(v["main.parent"], "nil")
            XCTAssertEqual(v["declared"], "Process-1,Process-2,worker-a")
            XCTAssertEqual(v["first.name"], "Process-1", method)
            XCTAssertEqual(v["first.identity"], "1")
            XCTAssertEqual(v["second.name"], "Process-2")
            XCTAssertEqual(v["grandchild.name"], "Process-2:1", "a child's child is named after both")
            XCTAssertEqual(v["grandchild.identity"], "2:1")
            XCTAssertEqual(v["grandchild.parentPid"], v["second.pid"])
            XCTAssertEqual(v["grandchild.parentName"], "Process-2")
            XCTAssertEqual(v["custom.name"], "worker-a")
            XCTAssertEqual(v["custom.identity"], "3")
            for child in ["first", "second", "custom"] {
                XCTAssertEqual(v["\(child).parentPid"], mainPid, "\(child) under \(method)")
                XCTAssertEqual(v["\(child).parentName"], "MainProcess")
                XCTAssertEqual(v["\(child).method"], method)
                if method == "forkserver" {
                    XCTAssertNotEqual(v["\(child).realParentPid"], mainPid, "forked by the server")
                } else {
                    XCTAssertEqual(v["\(child).realParentPid"], mainPid)
                }
            }
            XCTAssertEqual(v["first.pid.matches"], "true")
        }
    }

    func testClosureRunsUnderForkAndIsRefusedOtherwise() throws {
        for method in methods {
            let v = try scenario("closure", method).values
            if method == "fork" {
                XCTAssertEqual(v["start"], "ok")
                XCTAssertEqual(v["message"], "hello from a closure in Process-1")
                XCTAssertEqual(v["exitCode"], "0")
            } else {
                let refused = MP.StartError.closureNeedsFork(try MP.StartMethod(parsing: method))
                XCTAssertEqual(v["start"], "StartError:\(refused)")
                XCTAssertTrue(v["start"]?.contains("MP.ProcessTarget") == true, "the error says what to do instead")
            }
        }
    }

    func testStartingWithoutBootstrapIsAClearError() throws {
        let program = try scenario("no-bootstrap", "spawn")
        XCTAssertEqual(program.values["start"], "StartError:\(MP.StartError.bootstrapMissing)")
        // This test process never called MP.bootstrap() either.
        XCTAssertThrowsError(try MP.Process(target: Idle.self).start()) { error in
            XCTAssertEqual(error as? MP.StartError, .bootstrapMissing)
        }
    }

    func testActiveChildrenParentsAndOwnership() throws {
        for method in methods {
            let v = try scenario("family", method).values
            XCTAssertEqual(v["terminate.before.start"], "ProcessError:\(MP.ProcessError.notStarted)", method)
            XCTAssertEqual(v["active.count"], "2", method)
            XCTAssertEqual(v["active.names"], "Process-1,Process-2", method)
            XCTAssertEqual(v["child.sees.parent.alive"], "true", method)
            XCTAssertEqual(v["active.after"], "0", method)
            if method == "fork" {
                XCTAssertTrue(v["sibling.join"]?.hasPrefix("ProcessError:only the process that started") == true,
                              v["sibling.join"] ?? "nil")
            }
        }
    }

    func testStartMethodIsSetOnceUnlessForced() throws {
        let v = try scenario("start-method", "fork").values
        XCTAssertEqual(v["default"], "forkserver")
        XCTAssertEqual(v["set.again"], "StartError:\(MP.StartError.startMethodAlreadySet(.forkserver))")
        XCTAssertEqual(v["set.force"], "ok")
        XCTAssertEqual(v["now"], "spawn")
        XCTAssertEqual(v["context"], "fork")
        XCTAssertEqual(v["cpuCount.positive"], "true")
        XCTAssertEqual(v["unknown"], "StartError:\(MP.StartError.unknownStartMethod("vfork"))")
    }

    func testEnvironmentChoosesTheDefaultStartMethod() throws {
        for method in methods {
            let v = try scenario("start-method", "fork", environment: ["MP_START_METHOD": method]).values
            XCTAssertEqual(v["default"], method)
        }
    }
}

/// A target for in-process tests (this test runner never bootstraps).
enum Idle: MP.ProcessTarget {
    static func run(_: MP.NoArgument) throws {}
}
