import XCTest
@testable import Workbook

final class RunStatusTests: XCTestCase {
    func testLabels() {
        XCTAssertEqual(RunStatus.allCases.map(\.label), ["PASS", "FAIL", "TIMEOUT", "CRASH", "BUILD ERROR"])
        XCTAssertEqual(RunStatus.allCases.filter(\.passed), [.pass])
    }

    func testEveryStatusHasOneSentence() {
        for status in RunStatus.allCases {
            let text = status.explanation
            XCTAssertTrue(text.hasSuffix("."), text)
            XCTAssertEqual(text.filter { $0 == "." }.count, 1, "more than one sentence: \(text)")
        }
        XCTAssertTrue(RunStatus.crash.explanation.contains("signal"))
        XCTAssertTrue(RunStatus.fail.explanation.contains("exit status 0"))
    }

    func testBuildFailurePicksTheErrorLines() {
        let log = """
        Building for debugging...
        /w/Lessons/02-processes/Example/main.swift:3:5: error: cannot find 'x' in scope
        1 | import Multiprocessing
        3 |     x += 1
          |     `- error: cannot find 'x' in scope
        /w/Lessons/02-processes/Example/main.swift:3:5: error: cannot find 'x' in scope
        /w/Lessons/02-processes/Example/main.swift:9:1: warning: unused
        error: emit-module command failed with exit code 1 (use -v to see invocation)
        error: fatalError
        """
        let failure = BuildFailure(product: "lesson-02-processes", log: log)
        XCTAssertEqual(failure.errors, [
            "/w/Lessons/02-processes/Example/main.swift:3:5: error: cannot find 'x' in scope",
            "error: fatalError",
        ])
    }

    func testBuildFailureWithoutErrorLinesShowsTheEndOfTheLog() {
        let failure = BuildFailure(product: "p", log: "one\ntwo\nsegmentation fault in swift-build")
        XCTAssertEqual(failure.errors.last, "segmentation fault in swift-build")
    }

    func testPrebuiltModeFindsOrRejectsBinaries() throws {
        let folder = URL(fileURLWithPath: "/bin")
        let builder = ExampleBuilder(packageRoot: folder, mode: .prebuilt(folder: folder))
        XCTAssertEqual(try builder.build(product: "sh"), .built(executablePath: "/bin/sh"))
        XCTAssertThrowsError(try builder.build(products: ["sh", "lesson-99-none"])) { error in
            XCTAssertEqual(error as? RunningError, .missingBinary(product: "lesson-99-none", folder: "/bin"))
            XCTAssertTrue("\(error)".contains("swift build --product lesson-99-none"))
        }
    }
}
