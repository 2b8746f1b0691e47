import ArgumentParser
import Foundation
import Workbook

/// The options of `workbook grade --submissions`.
struct ClassGradeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Grade a class: a folder with one folder per student.", valueName: "dir"))
    var submissions: String?

    @Option(name: .long, help: ArgumentHelp("Students graded at once, each batch in a workbook process of its own.", valueName: "n"))
    var jobs = 1

    @Option(name: .long, help: ArgumentHelp("Write every result as JSON to this file.", valueName: "file"))
    var report: String?

    @Option(name: .long, help: ArgumentHelp("Write one row per student as CSV to this file.", valueName: "file"))
    var csv: String?

    @Option(name: .long, help: ArgumentHelp("Write JUnit XML (a test case per student and exercise) to this file.", valueName: "file"))
    var junit: String?

    /// `i/n`: grade only the students whose index is i modulo n (the jobs).
    @Option(name: .long, help: .hidden)
    var shard: String?

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be from 1 to 64 (got \(jobs))") }
        if submissions == nil, report != nil || csv != nil || junit != nil || jobs != 1 {
            throw ValidationError("--report, --csv, --junit and --jobs need --submissions DIR")
        }
        if let shard, parsedShard(shard) == nil { throw ValidationError("--shard must be i/n with 0 <= i < n") }
    }

    func parsedShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] > 0, (0..<parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }
}

/// Grades a class and writes its reports.
struct ClassGradeRun {
    let options: ClassGradeOptions
    let exercises: [String]
    let timeout: Double?
    let skipBuild: Bool
    let root: URL

    func run() throws {
        let folder = URL(fileURLWithPath: options.submissions ?? ".").standardizedFileURL
        let catalog = Catalog(root: root)
        let selected = try reportingFailures {
            exercises.isEmpty ? try catalog.exercises() : try exercises.map { try catalog.exercise(matching: $0) }
        }
        let students = try reportingFailures { try ClassGrader.students(in: folder) }
        let names = selected.map(\.name)
        let results: [ClassResult]
        if options.jobs > 1, options.shard == nil {
            results = try runJobs(students: students.count)
        } else {
            let graders = try reportingFailures { try selected.map { try ExerciseGrader(exercise: $0) } }
            // The solutions' build also builds the core the submissions are compiled against.
            let builder = exampleBuilder(root: root, skipBuild: skipBuild, binaries: nil)
            let builds = try reportingFailures { try builder.build(products: selected.map(\.solutionTargetName)) }
            var solutions: [String: BuildOutcome] = [:]
            for exercise in selected { solutions[exercise.name] = builds[exercise.solutionTargetName] }
            var grader = ClassGrader(graders: graders, solutions: solutions,
                                     compiler: SubmissionCompiler(buildFolder: root.appendingPathComponent(".build/debug"),
                                                                  linkedProgram: selected[0].solutionTargetName))
            grader.timeout = timeout
            let shard = options.shard.flatMap(options.parsedShard) ?? (0, 1)
            var graded: [ClassResult] = []
            for (index, student) in students.enumerated() where index % shard.count == shard.index {
                for exerciseGrader in graders {
                    let result = grader.grade(student, exerciseGrader, job: shard.index)
                    Terminal.printError("workbook: \(student.name) \(exerciseGrader.exercise.name): \(result.status.rawValue) (\(String(format: "%.1f", result.seconds)) s)")
                    graded.append(result)
                }
            }
            results = graded
        }
        try write(results, exercises: names)
        if options.shard == nil {
            let counts = [ClassResult.Status.pass, .fail, .error].map { status in results.filter { $0.status == status }.count }
            print("\(students.count) students, \(names.count) exercises: \(counts[0]) pass, \(counts[1]) fail, \(counts[2]) error")
        }
    }

    /// Grades in `jobs` workbook processes, each a shard of the students, and merges their reports.
    private func runJobs(students: Int) throws -> [ClassResult] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-class-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Build once, before the jobs start, so they do not build side by side.
        if !skipBuild {
            let selected = try reportingFailures {
                exercises.isEmpty ? try Catalog(root: root).exercises() : try exercises.map { try Catalog(root: root).exercise(matching: $0) }
            }
            _ = try reportingFailures {
                try exampleBuilder(root: root, skipBuild: false, binaries: nil).build(products: selected.map(\.solutionTargetName))
            }
        }
        let jobs = min(options.jobs, max(1, students))
        var processes: [(Process, URL)] = []
        for index in 0..<jobs {
            let part = scratch.appendingPathComponent("part-\(index).json")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
                process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            }
            var arguments = ["grade"] + exercises + ["--submissions", options.submissions ?? ".", "--shard", "\(index)/\(jobs)",
                                                     "--report", part.path, "--root", root.path, "--skip-build"]
            if let timeout { arguments += ["--timeout", String(timeout)] }
            process.arguments = arguments
            try process.run()
            processes.append((process, part))
        }
        var results: [ClassResult] = []
        for (process, part) in processes {
            process.waitUntilExit()
            guard process.terminationStatus == 0, let data = try? Data(contentsOf: part) else {
                throw ExitCodeError.job("a grading job failed (exit status \(process.terminationStatus))")
            }
            results += try JSONDecoder().decode(ClassReport.Document.self, from: data).results
        }
        return results.sorted { ($0.student, $0.exercise) < ($1.student, $1.exercise) }
    }

    private func write(_ results: [ClassResult], exercises: [String]) throws {
        if let report = options.report {
            try ClassReport.json(results, exercises: exercises).write(to: URL(fileURLWithPath: report))
        }
        if let csv = options.csv {
            try ClassReport.csv(results, exercises: exercises).write(toFile: csv, atomically: true, encoding: .utf8)
        }
        if let junit = options.junit {
            try ClassReport.junit(results, exercises: exercises).write(toFile: junit, atomically: true, encoding: .utf8)
        }
    }
}

/// A class grade that could not finish.
enum ExitCodeError: Error, CustomStringConvertible {
    case job(String)
    var description: String {
        switch self { case .job(let message): return message }
    }
}
