import XCTest
@testable import Multiprocessing

/// The registry lower layers use to run higher layers' work at a child's
/// start and at exit, without naming them.
final class LifecycleHookTests: XCTestCase {
    func testAHookIsRegisteredOncePerNameAndExitHooksRunNewestFirst() {
        let ran = Locked<[String]>([])
        let unique = "lifecycle-test-\(UInt64.random(in: 0...UInt64.max))"
        ProcessLifecycle.atExit("\(unique) first") { ran.withLock { $0.append("first") } }
        ProcessLifecycle.atExit("\(unique) second") { ran.withLock { $0.append("second") } }
        ProcessLifecycle.atExit("\(unique) first") { ran.withLock { $0.append("first again") } }
        let mine = ProcessLifecycle.snapshot().exit.filter { $0.name.hasPrefix(unique) }
        XCTAssertEqual(mine.map(\.name), ["\(unique) first", "\(unique) second"])
        mine.reversed().forEach { $0.run() }
        XCTAssertEqual(ran.withLock { $0 }, ["second", "first"])
    }

    func testAChildStartsWithTheHooksItWasGivenAndRunsThem() {
        let saved = ProcessLifecycle.snapshot()
        defer {
            // Back to this process's own hooks, without running them.
            ProcessLifecycle.begin(child: ProcessLifecycle.Hooks(childStart: [], exit: saved.exit))
            saved.childStart.forEach { ProcessLifecycle.onChildStart($0.name, $0.run) }
        }
        let ran = Locked(0)
        var given = ProcessLifecycle.Hooks()
        given.childStart = [ProcessLifecycle.Hook(name: "count") { ran.withLock { $0 += 1 } }]
        ProcessLifecycle.begin(child: given)
        XCTAssertEqual(ran.withLock { $0 }, 1)
        XCTAssertEqual(ProcessLifecycle.snapshot().childStart.map(\.name), ["count"])
        XCTAssertEqual(ProcessLifecycle.snapshot().exit.count, 0, "the child's registry is the one it was given")
    }
}
