import Multiprocessing
import XCTest

final class PoolTests: HelperTestCase {
    func testPoolResultsEqualASequentialMap() throws {
        for method in methods {
            let v = try scenario("pool", method).values
            XCTAssertEqual(v["squares"], "0,1,4,9,16,25", method)
            for key in ["map.default", "map.chunk1", "map.chunk7", "imap", "imap.chunk5", "imapUnordered", "apply.cubes"] {
                XCTAssertEqual(v[key], "true", "\(key) under \(method)")
            }
            XCTAssertEqual(v["map.empty"], "0", "\(method): an empty map returns at once")
            XCTAssertEqual(v["applyAsync"], "36", method)
            XCTAssertEqual(v["callback.value"], "16", method)
            XCTAssertEqual(v["callback.calls"], "1", "\(method): a callback runs exactly once")
            XCTAssertEqual(v["isSuccessful"], "true", method)
            XCTAssertEqual(v["errorCallback.calls"], "1", "\(method): only the error callback, once")
            XCTAssertEqual(v["mapAsync"], "1,4,9", method)
            XCTAssertEqual(v["codable.error"], "TaskRefusal:TaskRefusal(input: 3)", "\(method): a Codable error comes back as itself")
            XCTAssertEqual(v["remote.error"], "RemoteError:mp_test_helper.OpaqueFailure in a pool worker: opaque failure", method)
            XCTAssertTrue(v["picky.order"]?.hasPrefix("RemoteError:") == true, "\(method): the first error in input order")
            XCTAssertEqual(v["bad.chunk"], "PoolError:\(MP.PoolError.invalidChunkSize(0))", method)
            XCTAssertEqual(v["join.open"], "PoolError:\(MP.PoolError.stillOpen)", method)
            XCTAssertEqual(v["bad.processes"], "PoolError:\(MP.PoolError.invalidProcessCount(0))", method)
        }
    }

    /// CPython's pool hangs for ever when a worker dies (bpo-22393).
    func testAKilledWorkerFailsOnlyItsTaskAndThePoolGoesOn() throws {
        for method in methods {
            let v = try scenario("pool-worker-lost", method).values
            XCTAssertEqual(v["lost"], "true", "\(method): map throws WorkerLost")
            XCTAssertLessThan(Int(v["lost.within.ms"] ?? "") ?? .max, 1000, "\(method): within a second")
            XCTAssertEqual(v["next.map"], "1,4,9", "\(method): the next map succeeds")
            XCTAssertEqual(v["each"], "0,2,4,6,8,10,12,lost,16,18", "\(method): every other task completes")
            XCTAssertTrue(v["exit.in.task"]?.hasPrefix("WorkerLost:") == true, "\(method): \(v["exit.in.task"] ?? "")")
            XCTAssertTrue(v["exit.in.task"]?.contains("exited with code 3") == true, method)
            XCTAssertEqual(v["get.timeout"], "PoolError:\(MP.PoolError.timedOut)", method)
            XCTAssertEqual(v["ready.early"], "false", method)
            XCTAssertEqual(v["next.timeout"], "PoolError:\(MP.PoolError.timedOut)", method)
            XCTAssertEqual(v["next.later"], "value", "\(method): the iterator goes on after a timeout")
            XCTAssertEqual(v["get.later"], "true", method)
            XCTAssertEqual(v["after.close"], "PoolError:\(MP.PoolError.closed)", method)
            XCTAssertEqual(v["active"], "0", "\(method): no worker left after join")
        }
    }

    func testTerminateIsPromptWithTenThousandQueuedTasks() throws {
        for method in methods {
            let v = try scenario("pool-terminate", method).values
            XCTAssertLessThan(Int(v["terminate.ms"] ?? "") ?? .max, 3000, method)
            XCTAssertEqual(v["pending"], "PoolError:\(MP.PoolError.terminated)", method)
            XCTAssertEqual(v["active"], "0", method)
        }
    }

    func testAPoolNeedsBootstrap() {
        XCTAssertThrowsError(try MP.Pool(processes: 1)) { error in
            XCTAssertEqual(error as? MP.StartError, .bootstrapMissing)
        }
    }
}

final class PoolFeatureTests: HelperTestCase {
    func testStarmapInitializerMaxTasksFailFastAndAsyncForms() throws {
        for method in methods {
            let program = try scenario("pool-more", method)
            let v = program.values
            XCTAssertEqual(v["starmap"], "8,9,1", method)
            XCTAssertEqual(v["initializer.runs"], "1", "\(method): the initializer ran once in each worker")
            XCTAssertEqual(v["failFast"], "TaskRefusal:TaskRefusal(input: 0)", method)
            XCTAssertLessThan(Int(v["failFast.ms"] ?? "") ?? .max, 350, "\(method): failFast does not wait for 400 ms tasks")
            XCTAssertEqual(v["unencodable"], "1,unencodable,3", "\(method): an unencodable result fails alone")
            XCTAssertEqual(v["maxTasks.results"], "12", method)
            XCTAssertEqual(v["maxTasks.workers.at.least.6"], "true", "\(method): workers retire after 2 tasks")
            XCTAssertEqual(v["failing.initializer"], "PoolError:\(MP.PoolError.workersKeepFailing(exitCode: 1))", method)
            XCTAssertEqual(v["bad.maxTasks"], "PoolError:\(MP.PoolError.invalidMaxTasks(0))", method)
            XCTAssertEqual(v["async"], "true,27,true", "\(method): async map, async apply, unordered AsyncSequence")
            XCTAssertEqual(v["active"], "0", method)
        }
    }
}
