import Foundation

/// Grades a whole class: every student's submission of every exercise,
/// each compiled against the core built once, run in a sandbox as a user of
/// its own, in a temporary copy, never in the instructor's tree.
public struct ClassGrader: Sendable {
    /// One student's folder: a copy of the course, or just its `Exercises/`.
    public struct Student: Sendable {
        /// The folder's name, taken as the student's.
        public var name: String
        /// The folder holding the `NN-slug` exercise folders.
        public var exercisesFolder: URL
        /// The student's progress file, when submitted (for the hints used).
        public var progressFile: URL?
    }

    /// The exercises graded, with their graders.
    public let graders: [ExerciseGrader]
    /// The reference solutions' builds, by exercise name.
    public let solutions: [String: BuildOutcome]
    /// Compiles submissions against the built core.
    public let compiler: SubmissionCompiler
    /// Seconds a run may take (nil: each exercise's own timeout).
    public var timeout: Double?
    /// The first user id given to sandboxed runs; job `j` runs as `baseUID + j`.
    public var baseUID: UInt32 = 61_000
    /// Processes one submission may have at once.
    public var maxProcesses = 64
    /// Memory one submission may use (cgroup) and address space per process.
    public var memoryBytes = 1 << 30
    public var addressSpaceBytes = 8 << 30

    /// Makes a class grader.
    public init(graders: [ExerciseGrader], solutions: [String: BuildOutcome], compiler: SubmissionCompiler) {
        self.graders = graders
        self.solutions = solutions
        self.compiler = compiler
    }

    /// The students in `folder`: each sub-folder holding `Exercises/` or
    /// `NN-slug` exercise folders, sorted by name.
    public static func students(in folder: URL) throws -> [Student] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ClassGradingError.noSubmissionsFolder(folder.path)
        }
        return try manager.contentsOfDirectory(atPath: folder.path).sorted().compactMap { name in
            let student = folder.appendingPathComponent(name)
            guard !name.hasPrefix("."), manager.fileExists(atPath: student.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
            let nested = student.appendingPathComponent("Exercises")
            let exercises = manager.fileExists(atPath: nested.path) ? nested : student
            let progress = student.appendingPathComponent(LearnerProgress.fileName)
            return Student(name: name, exercisesFolder: exercises,
                           progressFile: manager.fileExists(atPath: progress.path) ? progress : nil)
        }
    }

    /// Grades one student's submission of one exercise, as job `job`.
    public func grade(_ student: Student, _ grader: ExerciseGrader, job: Int = 0) -> ClassResult {
        let started = Date()
        var result = gradeUntimed(student, grader, job: job)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    private func gradeUntimed(_ student: Student, _ grader: ExerciseGrader, job: Int) -> ClassResult {
        let exercise = grader.exercise
        var result = ClassResult(student: student.name, exercise: exercise.name, status: .error, message: "", checks: [])
        if let file = student.progressFile {
            let progress = LearnerProgress.load(from: file).progress.exercises[exercise.slug]
            result.hintsUsed = progress?.hintsShown ?? 0
            result.solutionShown = progress?.solutionShown?.rawValue
        }
        let sources = student.exercisesFolder.appendingPathComponent("\(exercise.name)/Sources")
        guard FileManager.default.fileExists(atPath: sources.path) else {
            result.status = .fail
            result.message = "no submission: \(exercise.name)/Sources is missing"
            return result
        }
        let uid = baseUID + UInt32(job)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-grade-\(UUID().uuidString)")
        defer { cleanUp(work: work, uid: uid) }
        do {
            // The submission is copied, compiled and run away from the instructor's tree.
            try FileManager.default.createDirectory(at: work.appendingPathComponent("run"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: sources, to: work.appendingPathComponent("src"))
            _ = chmod(work.path, 0o755)
            let runFolder = work.appendingPathComponent("run").path
            let isRoot = getuid() == 0
            if isRoot { _ = chown(runFolder, uid, 65_534) }
            let build = try compiler.compile(sources: work.appendingPathComponent("src"), into: work.appendingPathComponent("program"))
            if case .failed(let failure) = build {
                result.status = .error
                result.message = "the submission does not compile"
                result.checks = [ClassResult.Check(step: GradeStep.build.rawValue, status: .error,
                                                   message: failure.errors.prefix(20).joined(separator: "\n"))]
                return result
            }
            let jail = CgroupJail(maxProcesses: maxProcesses, memoryBytes: memoryBytes)
            defer { jail.remove() }
            var sandbox = Sandbox()
            sandbox.workingDirectory = runFolder
            sandbox.addressSpaceBytes = addressSpaceBytes
            sandbox.cgroupProcs = jail.procsFiles
            let seconds = timeout ?? exercise.runTimeout
            sandbox.cpuSeconds = Int(seconds.rounded(.up)) * 2 + 1
            if isRoot {
                sandbox.uid = uid
                sandbox.gid = 65_534
                sandbox.maxProcesses = maxProcesses
                sandbox.newNetwork = true
            }
            result.sandbox = jail.limitations + (isRoot ? [] : ["not run as root: the submission runs as the instructor's user, with the network on"])
            var runner = ExampleRunner(timeout: seconds)
            runner.sandbox = sandbox
            var local = grader
            local.sharedMemoryOwner = isRoot ? uid : nil
            let solution = solutions[exercise.name] ?? .failed(BuildFailure(product: exercise.solutionTargetName, log: "not built"))
            var runs: [GradeRun] = []
            // The first method that does not pass is enough to grade; a hostile
            // submission then costs one timeout, not three.
            for method in StartMethodChoice.allCases {
                let run = local.grade(learner: build, solution: solution, runner: runner, methods: [method])
                runs += run
                if run.contains(where: { !$0.status.passed }) { break }
            }
            result.fill(from: runs)
            if let last = runs.last, last.status == .crash,
               last.sentence.contains("(SIGKILL") || last.sentence.contains("(SIGXCPU") {
                result.message += " The sandbox stops a submission that uses more than \(memoryBytes >> 20) MiB of memory, "
                    + "\(maxProcesses) processes or \(sandbox.cpuSeconds ?? 0) s of CPU per process."
            }
        } catch {
            result.status = .error
            result.message = "the grader could not grade it: \(error)"
        }
        return result
    }

    private func cleanUp(work: URL, uid: UInt32) {
        if getuid() == 0 {
            // Whatever still runs as the submission's user goes, and what it left in /dev/shm.
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
                guard let pid = Int32(entry) else { continue }
                var info = stat()
                if stat("/proc/\(entry)", &info) == 0, info.st_uid == uid { kill(pid, SIGKILL) }
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? [] {
                var info = stat()
                if stat("/dev/shm/\(name)", &info) == 0, info.st_uid == uid { unlink("/dev/shm/\(name)") }
            }
        }
        try? FileManager.default.removeItem(at: work)
    }
}

/// What stops a class grade before it starts.
public enum ClassGradingError: Error, Equatable, CustomStringConvertible {
    /// The submissions folder does not exist.
    case noSubmissionsFolder(String)

    public var description: String {
        switch self {
        case .noSubmissionsFolder(let path):
            return "\(path) is not a folder of submissions (one folder per student, each a copy of the course or of its Exercises/)"
        }
    }
}
