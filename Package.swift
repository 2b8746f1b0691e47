// swift-tools-version:6.0
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
    .target(
        name: "Multiprocessing",
        dependencies: ["CMultiprocessing"],
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
    .testTarget(
        name: "MultiprocessingTests",
        dependencies: ["Multiprocessing", "mp-test-helper"],
        path: "Tests/MultiprocessingTests",
        swiftSettings: strict
    ),
    .executableTarget(
        name: "mp-bench",
        dependencies: ["Multiprocessing"],
        path: "Benchmarks/Sources/mp-bench",
        swiftSettings: strict
    ),
]

var products: [Product] = [
    .library(name: "Multiprocessing", targets: ["Multiprocessing"]),
    .executable(name: "multiprocessing-demo", targets: ["multiprocessing-demo"]),
]

let package = Package(
    name: "MultiprocessingWorkbook",
    products: products,
    targets: targets
)
