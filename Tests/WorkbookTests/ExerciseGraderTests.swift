import Foundation
import XCTest
@testable import Workbook

/// The grader's steps and statuses, on a small exercise whose "programs"
/// are shell scripts: `echo n=$1` is the honest answer, and each test
/// breaks one step.
final class ExerciseGraderTests: XCTestCase {
    /// Step 2 checks what was printed without writers, so it leaves out the
    /// lines that mean something only with them.
    func testTheOutputStepLeavesTraceFactsAndNegativeFromLinesToTheTraceStep() {
        XCTAssertTrue(ExerciseGrader.needsWriters("TRACE: processes named PoolWorker.* >= 2"))
        XCTAssertTrue(ExerciseGrader.needsWriters("CHECK-TOTAL-0: result {{.*}} FROM main"))
        XCTAssertTrue(ExerciseGrader.needsWriters("CHECK-NOT: done FROM child"))
        XCTAssertFalse(ExerciseGrader.needsWriters("CHECK: result 42 FROM child"), "a positive FROM line still checks the text")
        XCTAssertFalse(ExerciseGrader.needsWriters("CHECK-TOTAL-0: {{.*}}gave up{{.*}}"))
        XCTAssertFalse(ExerciseGrader.needsWriters("CHECK-NOT: FROMAGE"))
    }

    /// Segments other programs create during a grade are not the learner's:
    /// they are neither counted nor removed.
    func testOnlyTheRunsOwnSegmentsCountAsLeftBehind() {
        let run: Set<Int32> = [4100, 4101]
        XCTAssertTrue(ExerciseGrader.belongsToRun(segment: "mp-4101-3f2a", runPids: run, ownerChecked: false))
        XCTAssertFalse(ExerciseGrader.belongsToRun(segment: "mp-9999-3f2a", runPids: run, ownerChecked: false),
                       "another program's core segment")
        XCTAssertFalse(ExerciseGrader.belongsToRun(segment: "sem.mp-abc", runPids: run, ownerChecked: false), "CPython's semaphore")
        XCTAssertFalse(ExerciseGrader.belongsToRun(segment: "psm_1a2b", runPids: run, ownerChecked: false), "CPython's shared memory")
        XCTAssertTrue(ExerciseGrader.belongsToRun(segment: "my-board", runPids: run, ownerChecked: false), "a name the learner chose")
        XCTAssertTrue(ExerciseGrader.belongsToRun(segment: "mp-9999-3f2a", runPids: [], ownerChecked: false),
                      "an unwitnessed run cannot tell, so it answers for every new segment")
        XCTAssertTrue(ExerciseGrader.belongsToRun(segment: "psm_1a2b", runPids: run, ownerChecked: true),
                      "under its own user, everything new is the run's")
    }

    private var folder: URL!

    override func setUpWithError() throws {
        folder = try CLI.temporaryFolder()
        let exercise = folder.appendingPathComponent("Exercises/01-echo")
        for sub in ["Starter", "Sources", "Solution"] {
            try FileManager.default.createDirectory(at: exercise.appendingPathComponent(sub), withIntermediateDirectories: true)
            try Data("print(1)\n".utf8).write(to: exercise.appendingPathComponent("\(sub)/main.swift"))
        }
        try Data("""
        ---
        title: Echo
        chapter: 2
        hint: print n
        hint: print n=$1
        inputs: 3
        hidden: 5
        hidden: 8
        compare: ^n=
        ---

        ```expect
        CHECK: n=3 FROM main
        TRACE: processes named sleep >= 1
        ```
        """.utf8).write(to: exercise.appendingPathComponent("exercise.md"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func program(_ name: String, _ script: String) throws -> BuildOutcome {
        let file = folder.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(script)\n".utf8).write(to: file)
        XCTAssertEqual(chmod(file.path, 0o755), 0)
        return .built(executablePath: file.path)
    }

    private func grade(_ script: String, timeout: Double = 20) throws -> GradeRun {
        let exercise = try Catalog(root: folder).exercise(matching: "1")
        let grader = try ExerciseGrader(exercise: exercise)
        let solution = try program("solution", "sleep 0.01; echo n=$1")
        let learner = try program("learner-\(UUID().uuidString)", script)
        let results = grader.grade(learner: learner, solution: solution, runner: ExampleRunner(timeout: timeout), methods: [nil])
        return try XCTUnwrap(results.first)
    }

    func testTheHonestProgramPassesEveryStep() throws {
        let result = try grade("sleep 0.01; echo n=$1")
        XCTAssertEqual(result.status, .pass, result.sentence + result.details)
        XCTAssertNil(result.failedStep)
    }

    func testABuildErrorStopsAtStepOne() throws {
        let exercise = try Catalog(root: folder).exercise(matching: "echo")
        let grader = try ExerciseGrader(exercise: exercise)
        let broken = BuildOutcome.failed(BuildFailure(product: "exercise-01-echo", log: "main.swift:1:1: error: nope"))
        let result = try XCTUnwrap(grader.grade(learner: broken, solution: broken, runner: ExampleRunner(timeout: 5), methods: [nil]).first)
        XCTAssertEqual(result.status, .buildError)
        XCTAssertEqual(result.failedStep, .build)
    }

    func testWrongOutputFailsStepTwoWithTheChecksReport() throws {
        let result = try grade("sleep 0.01; echo n=4")
        XCTAssertEqual(result.status, .fail)
        XCTAssertEqual(result.failedStep, .output)
        XCTAssertTrue(result.details.contains("CHECK at exercise.md line"), result.details)
    }

    func testAHardCodedAnswerFailsTheHiddenInputs() throws {
        let result = try grade("sleep 0.01; echo n=3")
        XCTAssertEqual(result.failedStep, .hidden)
        XCTAssertTrue(result.sentence.contains("hidden inputs 5"), result.sentence)
        XCTAssertTrue(result.details.contains("the reference solution printed `n=5`, yours printed `n=3`"), result.details)
    }

    func testMissingWorkFailsTheTraceStep() throws {
        // Right output, right on hidden inputs, but the process the task asks for never ran.
        let result = try grade("echo n=$1")
        XCTAssertEqual(result.failedStep, .trace, result.sentence)
        XCTAssertTrue(result.details.contains("processes named sleep"), result.details)
    }

    func testAProcessLeftRunningFailsHygiene() throws {
        let result = try grade("sleep 0.01; echo n=$1; sleep 0.5 &")
        XCTAssertEqual(result.failedStep, .hygiene, result.sentence)
        XCTAssertTrue(result.sentence.contains("still running"), result.sentence)
    }

    func testASharedMemorySegmentLeftBehindFailsHygieneAndIsRemoved() throws {
        let name = "workbook-grader-test-\(getpid())"
        let result = try grade("sleep 0.01; echo n=$1; : > /dev/shm/\(name)")
        XCTAssertEqual(result.failedStep, .hygiene, result.sentence)
        XCTAssertTrue(result.sentence.contains(name), result.sentence)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/dev/shm/\(name)"), "the grader must remove what it found")
    }

    func testACrashAndATimeoutHaveTheirStatuses() throws {
        let crash = try grade("exit 3")
        XCTAssertEqual(crash.status, .crash)
        XCTAssertEqual(crash.failedStep, .output)
        XCTAssertTrue(crash.sentence.contains("status 3"), crash.sentence)
        let hang = try grade("sleep 30", timeout: 1)
        XCTAssertEqual(hang.status, .timeout)
    }

    func testAProgramThatCrashesOnlyOnHiddenInputsFailsThere() throws {
        let result = try grade("sleep 0.01; [ $1 = 3 ] || exit 4; echo n=$1")
        XCTAssertEqual(result.status, .crash)
        XCTAssertEqual(result.failedStep, .hidden)
    }

    func testOnlyTheComparedLinesCount() throws {
        let result = try grade("sleep 0.01; echo debugging $$; echo n=$1")
        XCTAssertEqual(result.status, .pass, result.sentence + result.details)
    }

    func testHiddenInputsNeedACompareRegex() throws {
        let file = folder.appendingPathComponent("Exercises/01-echo/exercise.md")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "compare: ^n=\n", with: "")
        try text.write(to: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Catalog(root: folder).exercise(matching: "1")) { error in
            XCTAssertTrue("\(error)".contains("compare"), "\(error)")
        }
    }
}
