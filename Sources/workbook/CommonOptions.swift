import ArgumentParser
import Foundation
import Workbook

/// Where the workbook and the progress file are.
struct LocationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The workbook folder (holding Package.swift and Lessons/).",
        discussion: "By default the nearest such folder at or above the current folder.",
        valueName: "dir"))
    var root: String?

    @Option(name: .long, help: ArgumentHelp(
        "The progress file to read and update.",
        discussion: "By default .workbook-progress.json in the workbook folder.",
        valueName: "file"))
    var progressFile: String?

    /// The package root, or a clear error.
    func packageRoot() throws -> URL {
        try reportingFailures { try PackageRoot.find(given: root) }
    }

    /// The progress file for a package root.
    func progressURL(root: URL) -> URL {
        progressFile.map { URL(fileURLWithPath: $0) } ?? LearnerProgress.file(in: root)
    }

    /// Loads progress, printing a warning on stderr when the file was unreadable.
    func loadProgress(root: URL) -> LearnerProgress {
        let (progress, warning) = LearnerProgress.load(from: progressURL(root: root))
        if let warning { Terminal.printError(warning) }
        return progress
    }

    /// Changes the progress and saves it; a failure to save is a warning.
    func update(root: URL, _ change: (inout LearnerProgress) -> Void) {
        var progress = loadProgress(root: root)
        change(&progress)
        do { try progress.save(to: progressURL(root: root)) } catch {
            Terminal.printError("warning: your progress was not saved: \(error)")
        }
    }

    /// Records statuses and saves; a failure to save is a warning, not an error.
    func record(_ statuses: [(slug: String, status: RunStatus)], root: URL) {
        var progress = loadProgress(root: root)
        for (slug, status) in statuses { progress.record(status, for: slug) }
        do { try progress.save(to: progressURL(root: root)) } catch {
            Terminal.printError("warning: your progress was not saved: \(error)")
        }
    }
}

/// How to build and run examples (shared by `run` and `check`).
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Run each example this many times per start method.", valueName: "n"))
    var `repeat`: Int = 1

    @Option(name: .long, help: ArgumentHelp(
        "The start method to run under (all: each in turn).",
        discussion: "default (also when the option is left out) is the library's own default: MP_START_METHOD is not set.",
        valueName: "method"))
    var startMethod: StartMethodOption = .default

    @Option(name: .long, help: ArgumentHelp(
        "Seconds a run may take before it is stopped (overrides the chapter's timeout; default 120).",
        valueName: "seconds"))
    var timeout: Double?

    @Flag(name: .long, help: "Do not build; use the binaries in .build/debug of the workbook folder.")
    var skipBuild = false

    @Option(name: .long, help: ArgumentHelp("Do not build; use the binaries in this folder.", valueName: "dir"))
    var binaries: String?

    @Option(name: .long, help: ArgumentHelp("Colour: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1 (got \(`repeat`))") }
        guard `repeat` <= 10_000 else { throw ValidationError("--repeat can be at most 10000 (got \(`repeat`))") }
        if let timeout, !(timeout > 0 && timeout <= Chapter.longestTimeout) {
            throw ValidationError("--timeout must be a number of seconds above 0 and at most \(Int(Chapter.longestTimeout)) (got \(timeout))")
        }
    }

    /// The start methods to run under (`[nil]`: the library's default).
    var methods: [StartMethodChoice?] {
        startMethod.methods
    }

    /// The builder these options ask for.
    func builder(root: URL) -> ExampleBuilder {
        exampleBuilder(root: root, skipBuild: skipBuild, binaries: binaries)
    }
}

/// When to use colour.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether to colour text written to standard output.
    var enabled: Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return Terminal.colorByDefault
        }
    }
}

/// A message for the learner on stderr, then exit status 2.
struct ReportedFailure: Error {}

/// Runs `body`; any error it throws (other than an exit) is printed on
/// stderr as `workbook: error: ...` and becomes exit status 2.
func reportingFailures<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        Terminal.printError("workbook: error: \(error)")
        throw ExitCode(2)
    }
}

/// How every command builds: SwiftPM, or the binaries in `binaries` (or,
/// with `skipBuild`, in .build/debug of the workbook folder).
func exampleBuilder(root: URL, skipBuild: Bool, binaries: String?) -> ExampleBuilder {
    let mode: ExampleBuilder.Mode
    if let binaries {
        mode = .prebuilt(folder: URL(fileURLWithPath: binaries).standardizedFileURL)
    } else if skipBuild {
        mode = .prebuilt(folder: root.appendingPathComponent(".build/debug"))
    } else {
        mode = .swiftBuild
    }
    return ExampleBuilder(packageRoot: root, mode: mode) { Terminal.printError("workbook: \($0)") }
}
