// swift-tools-version:6.0
import Foundation
import PackageDescription

// The multiprocessing workbook: the `Multiprocessing` core library, its demo,
// its tests and its benchmarks. Lesson and exercise targets are found from
// their folders (Lessons/NN-slug/Example, ...) so no list has to be kept by hand.

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

var targets: [Target] = [
    .target(
        name: "CMultiprocessing",
        path: "Sources/CMultiprocessing"
    ),
    // A general Codable binary format, the core's wire format (see its
    // README): data only, compact, checked on hostile input.
    .target(
        name: "BinaryCoding",
        path: "Sources/BinaryCoding",
        swiftSettings: strict
    ),
    .testTarget(
        name: "BinaryCodingTests",
        dependencies: ["BinaryCoding"],
        path: "Tests/BinaryCodingTests",
        swiftSettings: strict
    ),
    .target(
        name: "Multiprocessing",
        dependencies: ["CMultiprocessing", "BinaryCoding", .product(name: "Crypto", package: "swift-crypto")],
        path: "Sources/Multiprocessing",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "multiprocessing-demo",
        dependencies: ["Multiprocessing"],
        path: "Sources/multiprocessing-demo",
        swiftSettings: strict
    ),
    // A program the tests drive: each scenario is a real multiprocess program
    // that calls MP.bootstrap() first, as a learner's program would.
    .executableTarget(
        name: "mp-test-helper",
        dependencies: ["Multiprocessing"],
        path: "Tests/Helper",
        swiftSettings: strict
    ),
    // Linked into the test runner only: its output stays line-buffered.
    .target(
        name: "TestOutput",
        path: "Tests/TestOutput"
    ),
    .testTarget(
        name: "MultiprocessingTests",
        dependencies: ["Multiprocessing", "BinaryCoding", "mp-test-helper", "TestOutput"],
        path: "Tests/MultiprocessingTests",
        swiftSettings: strict
    ),
    .systemLibrary(
        name: "CCmark",
        path: "Sources/CCmark",
        pkgConfig: "libcmark",
        providers: [.apt(["libcmark-dev"])]
    ),
    // The runner's witness: ptrace and seccomp, which Swift cannot call
    // directly (ptrace and prctl are variadic).
    .target(
        name: "CWitness",
        path: "Sources/CWitness"
    ),
    .target(
        name: "Workbook",
        dependencies: ["CCmark", "CWitness", "CMultiprocessing"],
        path: "Sources/Workbook",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "workbook",
        dependencies: ["Workbook", .product(name: "ArgumentParser", package: "swift-argument-parser")],
        path: "Sources/workbook",
        swiftSettings: strict
    ),
    .testTarget(
        name: "WorkbookTests",
        dependencies: ["Workbook", "TestOutput"],
        path: "Tests/WorkbookTests",
        swiftSettings: strict
    ),
    // libpng, for chapter 13's example, which writes its picture as a PNG.
    .systemLibrary(
        name: "CPNG",
        path: "Sources/CPNG",
        pkgConfig: "libpng",
        providers: [.apt(["libpng-dev"])]
    ),
    .executableTarget(
        name: "workbook-bench",
        dependencies: ["Workbook"],
        path: "Benchmarks/Sources/workbook-bench",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "coding-bench",
        dependencies: ["BinaryCoding"],
        path: "Benchmarks/Sources/coding-bench",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "mp-bench",
        dependencies: ["Multiprocessing"],
        path: "Benchmarks/Sources/mp-bench",
        swiftSettings: strict
    ),
]

// Every Lessons/NN-slug/Example folder is an executable target named
// lesson-NN-slug, built on the core.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let lessonFolders = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Lessons").path)) ?? [])
    .filter { FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Lessons/\($0)/Example").path) }
    .sorted()
// A lesson whose example needs more than the core (a C library, say) names
// it here, by folder.
let extraLessonDependencies: [String: [Target.Dependency]] = [
    "13-a-parallel-image": ["CPNG"],
]
// An example that needs data files keeps them in Example/Resources, copied
// next to its program (found at run time with Bundle.module).
for folder in lessonFolders {
    let hasResources = FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Lessons/\(folder)/Example/Resources").path)
    targets.append(.executableTarget(
        name: "lesson-\(folder)",
        dependencies: ["Multiprocessing"] + (extraLessonDependencies[folder] ?? []),
        path: "Lessons/\(folder)/Example",
        resources: hasResources ? [.copy("Resources")] : nil,
        swiftSettings: strict
    ))
}

// Every Tests/Cheats/NAME folder is a cheating mutation of a chapter's
// example (the executable target cheat-NAME); the tests check that the
// chapter's checks catch each one.
let cheatFolders = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Tests/Cheats").path)) ?? [])
    .filter { !$0.hasPrefix(".") }
    .sorted()
for folder in cheatFolders {
    targets.append(.executableTarget(
        name: "cheat-\(folder)",
        dependencies: ["Multiprocessing"],
        path: "Tests/Cheats/\(folder)",
        swiftSettings: strict
    ))
}

// Every Exercises/NN-slug folder gives the learner's target exercise-NN-slug
// (Sources/), the reference solution-NN-slug (Solution/) and, when the
// exercise has one, serial-NN-slug (Serial/: the task done in one process,
// which must fail its grade). Starter/ is the code as handed out; it is
// never built.
let exerciseFolders = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Exercises").path)) ?? [])
    .filter { FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Exercises/\($0)/exercise.md").path) }
    .sorted()
for folder in exerciseFolders {
    for (prefix, subfolder) in [("exercise", "Sources"), ("solution", "Solution"), ("serial", "Serial")]
    where FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Exercises/\(folder)/\(subfolder)").path) {
        targets.append(.executableTarget(
            name: "\(prefix)-\(folder)",
            dependencies: ["Multiprocessing"],
            path: "Exercises/\(folder)/\(subfolder)",
            swiftSettings: strict
        ))
    }
}

var products: [Product] = [
    .library(name: "Multiprocessing", targets: ["Multiprocessing"]),
    .executable(name: "multiprocessing-demo", targets: ["multiprocessing-demo"]),
    .executable(name: "workbook", targets: ["workbook"]),
]

let package = Package(
    name: "MultiprocessingWorkbook",
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        // HMAC-SHA256 for the managers' authentication (see Managers/HMACSHA256.swift).
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: targets
)
