import Foundation
import XCTest

/// `grade`, `hint`, `solution`, `reset`, `dev check` and the list, end to end
/// on exercise 1 (factorials), with prebuilt binaries.
final class ExerciseCLITests: XCTestCase {
    private var scratch: URL!
    private var progressFile: String { scratch.appendingPathComponent("progress.json").path }

    override func setUpWithError() throws {
        scratch = try CLI.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func firstExercise() throws -> String {
        let folder = CLI.packageRoot.appendingPathComponent("Exercises")
        guard let first = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter({ $0.first?.isNumber == true }).sorted().first
        else { throw CLI.unavailable("no exercises yet") }
        return first
    }

    /// A folder where `exercise-NAME` is the binary `learner`, and the solution is the real one.
    private func binaries(learner: String, exercise: String) throws -> URL {
        let folder = scratch.appendingPathComponent("bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, binary) in [("exercise-\(exercise)", learner), ("solution-\(exercise)", "solution-\(exercise)")] {
            let built = CLI.binaries.appendingPathComponent(binary)
            guard FileManager.default.isExecutableFile(atPath: built.path) else { throw CLI.unavailable("\(built.path) is not built") }
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(name), withDestinationURL: built)
        }
        return folder
    }

    func testTheStarterFailsAndTheSolutionPassesUnderEveryMethod() throws {
        let exercise = try firstExercise()
        let starter = try CLI.run(["grade", exercise, "--binaries", try binaries(learner: "exercise-\(exercise)", exercise: exercise).path,
                                   "--progress-file", progressFile])
        XCTAssertEqual(starter.status, 1, starter.stdout + starter.stderr)
        XCTAssertTrue(starter.stdout.contains("at step 2/5 output"), starter.stdout)
        XCTAssertTrue(starter.stdout.contains("still the starter as handed out"), starter.stdout)
        XCTAssertTrue(starter.stdout.contains("shows hint 1 of"), starter.stdout)

        let solution = try CLI.run(["grade", exercise, "--binaries", try binaries(learner: "solution-\(exercise)", exercise: exercise).path,
                                    "--progress-file", progressFile])
        XCTAssertEqual(solution.status, 0, solution.stdout + solution.stderr)
        for method in ["spawn", "fork", "forkserver"] {
            XCTAssertTrue(solution.stdout.contains("PASS  start method \(method)"), solution.stdout)
        }
        let progress = try String(contentsOfFile: progressFile, encoding: .utf8)
        XCTAssertTrue(progress.contains("\"exercises\""), progress)
    }

    func testTheOneProcessVersionIsCaughtByTheTrace() throws {
        let exercise = try firstExercise()
        let result = try CLI.run(["grade", exercise, "--start-method", "fork",
                                  "--binaries", try binaries(learner: "serial-\(exercise)", exercise: exercise).path,
                                  "--progress-file", progressFile])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("at step 4/5 trace facts"), result.stdout)
    }

    func testHintsComeOneAtATimeAndAreRemembered() throws {
        let exercise = try firstExercise()
        let first = try CLI.run(["hint", exercise, "--progress-file", progressFile])
        XCTAssertEqual(first.status, 0)
        XCTAssertTrue(first.stdout.contains("Hint 1 of"), first.stdout)
        XCTAssertFalse(first.stdout.contains("Hint 2 of"), first.stdout)
        let again = try CLI.run(["hint", exercise, "--again", "--progress-file", progressFile])
        XCTAssertFalse(again.stdout.contains("Hint 2 of"), again.stdout)
        let second = try CLI.run(["hint", exercise, "--progress-file", progressFile])
        XCTAssertTrue(second.stdout.contains("Hint 1 of") && second.stdout.contains("Hint 2 of"), second.stdout)
        let list = try CLI.run(["list", "--progress-file", progressFile])
        XCTAssertTrue(list.stdout.contains("2 hints read"), list.stdout)
    }

    func testTheSolutionStaysHiddenUntilAPassOrForce() throws {
        let exercise = try firstExercise()
        let refused = try CLI.run(["solution", exercise, "--progress-file", progressFile])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.hasPrefix("workbook: error: exercise"), refused.stderr)
        XCTAssertFalse(refused.stdout.contains("import Multiprocessing"))

        let forced = try CLI.run(["solution", exercise, "--force", "--progress-file", progressFile])
        XCTAssertEqual(forced.status, 0)
        XCTAssertTrue(forced.stdout.contains("import Multiprocessing"), forced.stdout)
        let progress = try String(contentsOfFile: progressFile, encoding: .utf8)
        XCTAssertTrue(progress.contains("\"forced\""), progress)
    }

    func testResetRestoresTheStarterOutsideGit() throws {
        let exercise = try firstExercise()
        let root = scratch.appendingPathComponent("course")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Exercises"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
        try Data("// a copy for a test\n".utf8).write(to: root.appendingPathComponent("Package.swift"))
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("Exercises/\(exercise)"),
                                         to: root.appendingPathComponent("Exercises/\(exercise)"))
        let sources = root.appendingPathComponent("Exercises/\(exercise)/Sources")
        try Data("garbage".utf8).write(to: sources.appendingPathComponent("main.swift"))
        try Data("new".utf8).write(to: sources.appendingPathComponent("Mine.swift"))

        let reset = try CLI.run(["reset", exercise, "--root", root.path, "--progress-file", progressFile])
        XCTAssertEqual(reset.status, 0, reset.stderr)
        XCTAssertTrue(reset.stdout.contains("2 files restored"), reset.stdout)
        let starter = root.appendingPathComponent("Exercises/\(exercise)/Starter")
        XCTAssertEqual(try Data(contentsOf: sources.appendingPathComponent("main.swift")),
                       try Data(contentsOf: starter.appendingPathComponent("main.swift")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: sources.appendingPathComponent("Mine.swift").path))
        let again = try CLI.run(["reset", exercise, "--root", root.path, "--progress-file", progressFile])
        XCTAssertTrue(again.stdout.contains("nothing changed"), again.stdout)
    }

    func testBadExerciseInput() throws {
        for command in [["grade", "99", "--skip-build"], ["hint", "nope"], ["solution", "99"], ["reset", "nope"]] {
            let result = try CLI.run(command + ["--progress-file", progressFile])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("There is no exercise"), result.stderr)
        }
        let badMethod = try CLI.run(["grade", "1", "--start-method", "thread", "--progress-file", progressFile])
        XCTAssertEqual(badMethod.status, 64)
    }

    func testDevCheckFindsTheExercisesSound() throws {
        let exercise = try firstExercise()
        let result = try CLI.run(["dev", "check", exercise, "--skip-build", "--repeats", "1", "--progress-file", progressFile])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("1 sound, 0 broken"), result.stdout)
        XCTAssertFalse(result.stdout.contains("FAILED"), result.stdout)
    }
}
