import Dispatch
import Glibc
import Multiprocessing
import Synchronization

let poolScenarios: [(String, Scenario)] = [
    ("pool", { _, context in
        try MP.withPool(processes: 4, context: context) { pool in
            say("squares", try pool.map(Square.self, Array(0...5)).map(String.init).joined(separator: ","))
            let inputs = Array(0..<100)
            let expected = inputs.map { $0 * $0 }
            say("map.default", try pool.map(Square.self, inputs) == expected)
            say("map.chunk1", try pool.map(Square.self, inputs, chunkSize: 1) == expected)
            say("map.chunk7", try pool.map(Square.self, inputs, chunkSize: 7) == expected)
            say("map.empty", try pool.map(Square.self, []).count)
            say("imap", Array(try pool.imap(Square.self, inputs)).compactMap { try? $0.get() } == expected)
            say("imap.chunk5", Array(try pool.imap(Square.self, inputs, chunkSize: 5)).compactMap { try? $0.get() } == expected)
            say("imapUnordered", Array(try pool.imapUnordered(Square.self, inputs)).compactMap { try? $0.get() }.sorted() == expected)
            let cubes = try (1...100).map { try pool.apply(Cube.self, $0) }
            say("apply.cubes", cubes == (1...100).map { $0 * $0 * $0 })
            say("applyAsync", try pool.applyAsync(Square.self, 6).get(timeout: 5))
            let calls = Mutex(0)
            let seen = Mutex(-1)
            let async = try pool.applyAsync(Square.self, 4, callback: { value in
                calls.withLock { $0 += 1 }
                seen.withLock { $0 = value }
            })
            async.wait(timeout: 5)
            usleep(100_000)
            say("callback.value", seen.withLock { $0 })
            say("callback.calls", calls.withLock { $0 })
            say("isSuccessful", async.isSuccessful.map { "\($0)" } ?? "nil")
            let errors = Mutex(0)
            _ = try pool.applyAsync(Picky.self, 3, callback: { _ in errors.withLock { $0 += 100 } },
                                    errorCallback: { _ in errors.withLock { $0 += 1 } }).wait(timeout: 5)
            usleep(100_000)
            say("errorCallback.calls", errors.withLock { $0 })
            let mapped = try pool.mapAsync(Square.self, [1, 2, 3]).get(timeout: 5)
            say("mapAsync", mapped.map(String.init).joined(separator: ","))
            say("codable.error", describe { _ = try pool.map(Picky.self, [1, 2, 3, 4]) })
            say("remote.error", describe { _ = try pool.map(Picky.self, [5, 6]) })
            say("picky.order", describe { _ = try pool.map(Picky.self, [5, 3]) })
            say("bad.chunk", describe { _ = try pool.map(Square.self, [1], chunkSize: 0) })
            say("join.open", describe { try pool.join() })
        }
        say("bad.processes", describe { _ = try MP.Pool(processes: 0, context: context) })
    }),

    ("pool-worker-lost", { _, context in
        let pool = try MP.Pool(processes: 2, context: context)
        let started = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        let lost = describe { _ = try pool.map(Fatal.self, Array(0..<20), chunkSize: 1) }
        say("lost", lost.hasPrefix("WorkerLost:"))
        say("lost.within.ms", Int((Double(DispatchTime.now().uptimeNanoseconds) / 1e9 - started) * 1000))
        say("next.map", try pool.map(Square.self, [1, 2, 3]).map(String.init).joined(separator: ","))
        // The other tasks of the broken map all completed.
        let each = try pool.imap(Fatal.self, Array(0..<10)).map { result -> String in
            switch result {
            case let .success(value): return String(value)
            case let .failure(error): return error is MP.WorkerLost ? "lost" : "other"
            }
        }
        say("each", each.joined(separator: ","))
        let quit = describe { _ = try pool.map(Quitter.self, Array(0..<8), chunkSize: 1) }
        say("exit.in.task", quit)
        let slow = try pool.applyAsync(Nap.self, 500)
        say("get.timeout", describe { _ = try slow.get(timeout: 0.05) })
        say("ready.early", slow.isReady)
        let iterator = try pool.imap(Nap.self, [500])
        say("next.timeout", describe { _ = try iterator.next(timeout: 0.05) })
        say("next.later", (try iterator.next(timeout: 5)).map { _ in "value" } ?? "nil")
        say("get.later", (try? slow.get(timeout: 5)) != nil)
        pool.close()
        say("after.close", describe { _ = try pool.apply(Square.self, 2) })
        try pool.join()
        say("active", MP.activeChildren().count)
    }),

    ("pool-terminate", { _, context in
        let pool = try MP.Pool(processes: 2, context: context)
        let pending = try pool.mapAsync(Nap.self, Array(repeating: 20, count: 10_000), chunkSize: 1)
        usleep(100_000)
        let started = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        pool.terminate()
        try pool.join()
        say("terminate.ms", Int((Double(DispatchTime.now().uptimeNanoseconds) / 1e9 - started) * 1000))
        say("pending", describe { _ = try pending.get(timeout: 5) })
        say("active", MP.activeChildren().count)
    }),

    ("pool-more", { _, context in
        try MP.withPool(processes: 2, initializer: CountingInitializer.self, context: context) { pool in
            say("starmap", try pool.starmap(Power.self, [(2, 3), (3, 2), (10, 0)]).map(String.init).joined(separator: ","))
            say("initializer.runs", Set(try pool.map(InitializerRuns.self, Array(0..<20), chunkSize: 1)).sorted()
                .map(String.init).joined(separator: ","))
            let started = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            let fast = describe { _ = try pool.map(SlowOrFail.self, [0, 1, 2, 3, 4, 5], chunkSize: 1, failFast: true) }
            say("failFast", fast)
            say("failFast.ms", Int((Double(DispatchTime.now().uptimeNanoseconds) / 1e9 - started) * 1000))
            let each = Array(try pool.imap(SometimesUnencodable.self, [1, 2, 3])).map { result -> String in
                switch result {
                case let .success(value): return String(value.value)
                case let .failure(error): return error is MP.RemoteError ? "unencodable" : "other"
                }
            }
            say("unencodable", each.joined(separator: ","))
        }
        try MP.withPool(processes: 2, maxTasksPerChild: 2, context: context) { pool in
            let pids = try pool.map(Nap.self, Array(repeating: 1, count: 12), chunkSize: 1)
            say("maxTasks.results", pids.count)
            say("maxTasks.workers.at.least.6", Set(pids).count >= 6)
        }
        let failing = try MP.Pool(processes: 2, initializer: FailingInitializer.self, context: context)
        say("failing.initializer", describe { _ = try failing.map(Square.self, [1, 2, 3]) })
        failing.terminate()
        try failing.join()
        say("bad.maxTasks", describe { _ = try MP.Pool(processes: 1, maxTasksPerChild: 0, context: context) })

        // Swift concurrency: the async forms and the unordered AsyncSequence.
        let pool = try MP.Pool(processes: 2, context: context)
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex("")
        Task {
            do {
                let squares = try await pool.map(Square.self, Array(0..<10))
                let one = try await pool.apply(Cube.self, 3)
                var unordered: [Int] = []
                for try await value in try pool.unorderedResults(Square.self, Array(0..<10)) { unordered.append(value) }
                outcome.withLock {
                    $0 = "\(squares == (0..<10).map { $0 * $0 }),\(one),\(unordered.sorted() == squares)"
                }
            } catch {
                outcome.withLock { $0 = "error: \(error)" }
            }
            done.signal()
        }
        done.wait()
        say("async", outcome.withLock { $0 })
        pool.close()
        try pool.join()
        say("active", MP.activeChildren().count)
    }),
]
