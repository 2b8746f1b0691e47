import Foundation
import XCTest
import Workbook

/// The decision to skip `swift build`: fingerprints and stamps on a made-up
/// package in a temporary folder, and ExampleBuilder driving a fake `swift`
/// (a real nested `swift build` would wait for ever on the lock `swift test`
/// holds).
final class BuildFingerprintTests: XCTestCase {
    private var root: URL!
    private let product = "lesson-02-demo"
    private let toolchain = "/usr/bin/swift 1 1"

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-fingerprint-\(UUID().uuidString)")
        for (path, text) in [
            "Package.swift": "// swift-tools-version:6.0\n",
            "Package.resolved": "{}\n",
            "Lessons/01-intro/Example/main.swift": "print(1)\n",
            "Lessons/02-demo/Example/main.swift": "print(2)\n",
            "Lessons/02-demo/chapter.md": "# Demo\n",
            "Sources/Multiprocessing/Core.swift": "public let core = 1\n",
            "Sources/CMultiprocessing/core.c": "int core;\n",
            "Tests/Cheats/forged/main.swift": "print(3)\n",
        ] {
            try write(text, to: path)
        }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: fingerprints and stamps

    func testUnchangedInputsAndBinaryAreUpToDate() throws {
        let stamps = try stampsAfterBuilding()
        XCTAssertEqual(stamps.decision(for: product, current: fingerprint()), .upToDate(executablePath: binary.path))
    }

    func testTouchedExampleSourceMeansBuild() throws {
        let stamps = try stampsAfterBuilding()
        try touch("Lessons/02-demo/Example/main.swift")
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: "main.swift")
    }

    func testEditedSameSizeSourceMeansBuild() throws {
        let stamps = try stampsAfterBuilding()
        try write("print(9)\n", to: "Lessons/02-demo/Example/main.swift")
        try touch("Lessons/02-demo/Example/main.swift")
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()))
    }

    func testTouchedCoreSourcesAndManifestMeanBuild() throws {
        for path in ["Sources/Multiprocessing/Core.swift", "Sources/CMultiprocessing/core.c", "Package.swift"] {
            let stamps = try stampsAfterBuilding()
            try touch(path)
            XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: path)
        }
    }

    func testNewOrRemovedFileInTheExampleMeansBuild() throws {
        var stamps = try stampsAfterBuilding()
        try write("let x = 1\n", to: "Lessons/02-demo/Example/More.swift")
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()))
        stamps = try stampsAfterBuilding()
        try FileManager.default.removeItem(at: root.appendingPathComponent("Lessons/02-demo/Example/More.swift"))
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()))
    }

    func testNewLessonOrCheatFolderMeansBuild() throws {
        var stamps = try stampsAfterBuilding()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons/09-new"), withIntermediateDirectories: true)
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: "Lessons/")
        stamps = try stampsAfterBuilding()
        // An Example folder appearing in an existing lesson makes a new product.
        try write("print(9)\n", to: "Lessons/09-new/Example/main.swift")
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()))
        stamps = try stampsAfterBuilding()
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Tests/Cheats/another"), withIntermediateDirectories: true)
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()))
    }

    /// Package.swift makes an exercise's targets only once it has an
    /// exercise.md, so its appearing changes the products.
    func testAnExerciseGainingItsExerciseFileMeansBuild() throws {
        try write("print(4)\n", to: "Exercises/01-new/Sources/main.swift")
        let stamps = try stampsAfterBuilding()
        try write("# New\n", to: "Exercises/01-new/exercise.md")
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: "Exercises/")
    }

    func testMissingOrChangedBinaryMeansBuild() throws {
        var stamps = try stampsAfterBuilding()
        try FileManager.default.removeItem(at: binary)
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: "missing")
        stamps = try stampsAfterBuilding()
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: binary.path)
        XCTAssertBuild(stamps.decision(for: product, current: fingerprint()), mentioning: "changed")
    }

    func testOtherToolchainUnknownProductOrNoStampMeansBuild() throws {
        let stamps = try stampsAfterBuilding()
        let other = BuildFingerprint.compute(root: root, product: product, toolchain: "/opt/swift-7/bin/swift 2 2")
        XCTAssertBuild(stamps.decision(for: product, current: other), mentioning: "toolchain")
        XCTAssertNil(BuildFingerprint.compute(root: root, product: "workbook", toolchain: toolchain))
        XCTAssertNil(BuildFingerprint.compute(root: root, product: "lesson-07-missing", toolchain: toolchain))
        XCTAssertBuild(stamps.decision(for: "workbook", current: nil))
        XCTAssertBuild(BuildStamps().decision(for: product, current: fingerprint()))
    }

    func testCheatProductsAreFingerprintedFromTheirFolder() throws {
        let cheat = try XCTUnwrap(BuildFingerprint.compute(root: root, product: "cheat-forged", toolchain: toolchain))
        XCTAssertTrue(cheat.inputs.contains { $0.hasPrefix("Tests/Cheats/forged/main.swift ") }, "\(cheat.inputs)")
        XCTAssertFalse(cheat.inputs.contains { $0.hasPrefix("Lessons/") })
    }

    func testStampsSurviveSavingAndLoading() throws {
        let stamps = try stampsAfterBuilding()
        try stamps.save(root: root)
        XCTAssertEqual(BuildStamps.load(root: root), stamps)
        try Data("not json".utf8).write(to: BuildStamps.file(root: root))
        XCTAssertEqual(BuildStamps.load(root: root), BuildStamps())
    }

    func testProgressLinesAreParsed() {
        XCTAssertEqual(BuildStep(line: "[3/7] Compiling lesson_02_processes Say.swift"),
                       BuildStep(current: 3, total: 7, text: "Compiling lesson_02_processes Say.swift"))
        XCTAssertNil(BuildStep(line: "Building for debugging..."))
        XCTAssertNil(BuildStep(line: "[a/b] nothing"))
    }

    // MARK: ExampleBuilder with a fake swift

    func testBuilderSkipsUnchangedProductAndBuildsAfterAChange() throws {
        let fake = try FakeSwift(root: root)
        let lines = Lines()
        let builder = fake.builder { lines.append($0) }

        XCTAssertEqual(try builder.build(product: product), .built(executablePath: fake.binaryFolder.appendingPathComponent(product).path))
        XCTAssertEqual(fake.builds(), 1)
        XCTAssertEqual(lines.all.first, "building \(product)")
        XCTAssertTrue(lines.all.last?.hasPrefix("built \(product) in ") ?? false, "\(lines.all)")

        XCTAssertEqual(try builder.build(product: product).executablePath, fake.binaryFolder.appendingPathComponent(product).path)
        XCTAssertEqual(fake.builds(), 1, "an unchanged product is not built again")
        XCTAssertEqual(lines.all.last, "\(product) is up to date")

        try touch("Lessons/02-demo/Example/main.swift")
        _ = try builder.build(product: product)
        XCTAssertEqual(fake.builds(), 2, "a touched source is built")

        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons/10-later/Example"), withIntermediateDirectories: true)
        _ = try builder.build(product: product)
        XCTAssertEqual(fake.builds(), 3, "a new lesson folder means building")
        XCTAssertTrue(fake.invocations().last?.contains("--disable-build-manifest-caching") ?? false,
                      "a new layout makes SwiftPM's build plan afresh: \(fake.invocations())")

        try FileManager.default.removeItem(at: fake.binaryFolder.appendingPathComponent(product))
        _ = try builder.build(product: product)
        XCTAssertEqual(fake.builds(), 4, "a missing binary is built")
        XCTAssertEqual(fake.showBinPathCalls(), 1, "the binary folder is asked once per toolchain")
    }

    func testBuilderRunsSwiftPMInAScratchTMPDIRAndLeavesNoTemporaryDirectory() throws {
        let fake = try FakeSwift(root: root)
        _ = try fake.builder().build(product: product)
        let scratch = BuildStamps.folder(root: root).appendingPathComponent("tmp").path
        XCTAssertFalse(fake.invocations().isEmpty)
        for invocation in fake.invocations() {
            XCTAssertTrue(invocation.hasPrefix("TMPDIR=\(scratch) "), invocation)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch), "the scratch folder is removed")
        let left = try FileManager.default.contentsOfDirectory(atPath: "/tmp").filter { $0.hasPrefix("TemporaryDirectory.\(fake.token)") }
        XCTAssertEqual(left, [], "no TemporaryDirectory.* is left in /tmp")
    }

    func testBuilderReportsTheCompilersErrorsAndBuildsAgainAfterAFailure() throws {
        let fake = try FakeSwift(root: root)
        let builder = fake.builder()
        try write("", to: "FAIL")
        guard case .failed(let failure) = try builder.build(product: product) else { return XCTFail("the build should fail") }
        XCTAssertEqual(failure.errors, ["Lessons/02-demo/Example/main.swift:1:1: error: boom"])
        XCTAssertTrue(failure.log.contains("[1/2] Compiling"), failure.log)
        try FileManager.default.removeItem(at: root.appendingPathComponent("FAIL"))
        XCTAssertNotNil(try builder.build(product: product).executablePath)
        XCTAssertEqual(fake.builds(), 2, "a failed build is never taken as up to date")
    }

    func testBuilderBuildsSeveralStaleProductsInOneRun() throws {
        let fake = try FakeSwift(root: root)
        let builder = fake.builder()
        let outcomes = try builder.build(products: [product, "lesson-01-intro"])
        XCTAssertEqual(outcomes.count, 2)
        XCTAssertEqual(fake.builds(), 1)
        XCTAssertTrue(fake.invocations().contains { $0.hasSuffix(" build --manifest-cache local --disable-build-manifest-caching") }, "\(fake.invocations())")
        _ = try builder.build(products: [product, "lesson-01-intro"])
        XCTAssertEqual(fake.builds(), 1, "nothing changed: no build")
        try touch("Lessons/01-intro/Example/main.swift")
        _ = try builder.build(products: [product, "lesson-01-intro"])
        XCTAssertEqual(fake.builds(), 2)
        XCTAssertTrue(fake.invocations().last?.contains("--product lesson-01-intro") ?? false, "only the stale one: \(fake.invocations())")
    }

    // MARK: helpers

    private var binary: URL { root.appendingPathComponent(".build/debug/\(product)") }

    private func fingerprint() -> BuildFingerprint? {
        BuildFingerprint.compute(root: root, product: product, toolchain: toolchain)
    }

    /// Stamps as a build of the product now would leave them.
    private func stampsAfterBuilding() throws -> BuildStamps {
        try write("#!/bin/sh\n", to: ".build/debug/\(product)")
        chmod(binary.path, 0o755)
        var stamps = BuildStamps()
        let state = try XCTUnwrap(FileState.following(binary.path))
        stamps.products[product] = BuildStamps.Stamp(fingerprint: try XCTUnwrap(fingerprint()), binary: binary.path, binaryState: state)
        return stamps
    }

    private func write(_ text: String, to path: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    /// Moves a file's time a little forward, as an editor's save would.
    private func touch(_ path: String) throws {
        let file = root.appendingPathComponent(path).path
        let old = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date)
        try FileManager.default.setAttributes([.modificationDate: old.addingTimeInterval(2)], ofItemAtPath: file)
    }

    private func XCTAssertBuild(_ decision: BuildDecision, mentioning word: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        guard case .build(let reason) = decision else {
            return XCTFail("expected a build, got \(decision)", file: file, line: line)
        }
        if let word { XCTAssertTrue(reason.contains(word), reason, file: file, line: line) }
    }
}

/// Lines collected from a @Sendable callback.
private final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A `swift` that logs how it was called (with its TMPDIR), makes a
/// `TemporaryDirectory.*` in its TMPDIR as SwiftPM does, prints progress
/// lines, and "builds" by making the products' binaries.
private struct FakeSwift {
    let root: URL
    let token = "fake-\(UUID().uuidString.prefix(8))"
    var script: URL { root.appendingPathComponent("fake-swift") }
    var log: URL { root.appendingPathComponent("fake-swift.log") }
    var binaryFolder: URL { root.appendingPathComponent(".build/debug") }

    init(root: URL) throws {
        self.root = root
        let text = """
        #!/bin/sh
        echo "TMPDIR=$TMPDIR $*" >> '\(log.path)'
        mkdir -p "${TMPDIR:-/tmp}/TemporaryDirectory.\(token)-$$"
        case "$*" in *--show-bin-path*) echo '\(binaryFolder.path)'; exit 0;; esac
        echo 'Building for debugging...'
        echo '[1/2] Compiling lesson_02_demo main.swift'
        if [ -f FAIL ]; then echo 'Lessons/02-demo/Example/main.swift:1:1: error: boom'; exit 1; fi
        echo '[2/2] Linking'
        mkdir -p '\(binaryFolder.path)'
        case "$*" in
          *--product*) set -- $*; while [ "$1" != --product ]; do shift; done; products="$2";;
          *) products="$(ls Lessons | sed 's/^/lesson-/')";;
        esac
        for p in $products; do printf '#!/bin/sh\\n' > '\(binaryFolder.path)'/"$p"; chmod +x '\(binaryFolder.path)'/"$p"; done

        """
        try Data(text.utf8).write(to: script)
        chmod(script.path, 0o755)
    }

    func builder(announce: @escaping @Sendable (String) -> Void = { _ in }) -> ExampleBuilder {
        var builder = ExampleBuilder(packageRoot: root, statusLine: nil, announce: announce)
        builder.swiftExecutable = script.path
        return builder
    }

    func invocations() -> [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func builds() -> Int { invocations().filter { !$0.contains("--show-bin-path") }.count }
    func showBinPathCalls() -> Int { invocations().filter { $0.contains("--show-bin-path") }.count }
}
