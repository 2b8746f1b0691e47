import Foundation
import XCTest

/// The corpus of cheating examples in `Tests/Cheats/`: each folder is a
/// chapter's example changed the way a learner might fake its output (a
/// forged trace file, the parent printing a child's line, a fake pid, idle
/// workers, processes run one at a time, an extra wrong line). Each must fail
/// its chapter's checks, for the reason its `// CAUGHT-BY:` line names, while
/// the honest example passes the same checks.
final class CheatCorpusTests: XCTestCase {
    struct Cheat {
        let folder: String
        let chapter: String
        let caughtBy: String
    }

    static let cheatsFolder = CLI.packageRoot.appendingPathComponent("Tests/Cheats")

    static func cheats() throws -> [Cheat] {
        let lessons = try CLI.realChapterFolders()
        return try FileManager.default.contentsOfDirectory(atPath: cheatsFolder.path)
            .filter { !$0.hasPrefix(".") }.sorted()
            .map { folder in
                let number = String(folder.prefix { $0.isNumber })
                let chapter = try XCTUnwrap(lessons.first { $0.hasPrefix(number + "-") }, "\(folder) names no chapter")
                let source = try String(contentsOf: cheatsFolder.appendingPathComponent("\(folder)/main.swift"), encoding: .utf8)
                let caughtBy = try XCTUnwrap(
                    source.split(separator: "\n").first { $0.hasPrefix("// CAUGHT-BY: ") }?.dropFirst("// CAUGHT-BY: ".count),
                    "\(folder)/main.swift has no // CAUGHT-BY: line")
                return Cheat(folder: folder, chapter: chapter, caughtBy: String(caughtBy))
            }
    }

    /// A folder holding `binary` under the name the runner looks for.
    private func binaries(for chapter: String, binary: String) throws -> URL {
        let built = CLI.binaries.appendingPathComponent(binary)
        guard FileManager.default.isExecutableFile(atPath: built.path) else {
            throw CLI.unavailable("\(built.path) is not built; run `swift build --build-tests` first")
        }
        let folder = try CLI.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("lesson-\(chapter)"), withDestinationURL: built)
        return folder
    }

    func testTheCorpusCoversEveryKindOfCheat() throws {
        let folders = try Self.cheats().map(\.folder)
        for kind in ["forged-trace", "parent-prints", "fake-pid", "idle-workers", "one-at-a-time", "extra-line"] {
            XCTAssertTrue(folders.contains { $0.contains(kind) }, "no cheat of the kind \(kind)")
        }
    }

    func testEveryCheatFailsItsChapterForTheNamedReason() throws {
        let cheats = try Self.cheats()
        XCTAssertFalse(cheats.isEmpty)
        for cheat in cheats {
            let folder = try binaries(for: cheat.chapter, binary: "cheat-\(cheat.folder)")
            let outcome = try CLI.run(["check", cheat.chapter, "--binaries", folder.path, "--color", "never"])
            XCTAssertEqual(outcome.status, 1, "\(cheat.folder) passed chapter \(cheat.chapter):\n\(outcome.stdout)")
            XCTAssertTrue(outcome.stdout.contains("0 passed, 1 failed"), "\(cheat.folder):\n\(outcome.stdout)")
            XCTAssertTrue(outcome.stdout.contains(cheat.caughtBy),
                          "\(cheat.folder) failed, but not because \(cheat.caughtBy):\n\(outcome.stdout)")
        }
    }

    func testTheHonestExamplesPassTheSameChecks() throws {
        for chapter in Set(try Self.cheats().map(\.chapter)).sorted() {
            let folder = try binaries(for: chapter, binary: "lesson-\(chapter)")
            let outcome = try CLI.run(["check", chapter, "--binaries", folder.path, "--color", "never"])
            XCTAssertEqual(outcome.status, 0, "the honest example of \(chapter) failed:\n\(outcome.stdout)")
        }
    }
}
