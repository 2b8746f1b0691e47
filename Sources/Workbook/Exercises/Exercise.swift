import Foundation

/// One exercise: an `Exercises/NN-slug/` folder holding
///
/// - `exercise.md`: front matter and the task, with `expect` blocks;
/// - `Starter/`: the code as handed out (never built; `workbook reset`
///   copies it back);
/// - `Sources/`: the learner's copy, the target `exercise-NN-slug`;
/// - `Solution/`: the reference, the target `solution-NN-slug`;
/// - optionally `Serial/`: the task done in one process, the target
///   `serial-NN-slug`, which `workbook dev check` expects to fail.
///
/// The front matter adds to a chapter's keys: `chapter` (the chapter it
/// follows), `hint` (repeatable, in the order they are shown), `inputs`
/// (the program's arguments for the graded run), `hidden` (repeatable: the
/// arguments of a hidden run, whose output is compared with the
/// solution's) and `compare` (a regex: which lines of a hidden run are
/// compared, in order).
public struct Exercise: Sendable {
    static let extraKeys: Set<String> = ["chapter", "hint", "inputs", "hidden", "compare"]

    /// The exercise's number, from its folder name.
    public let number: Int
    /// Its short name, from its folder name.
    public let slug: String
    /// Its folder.
    public let folder: URL
    /// The title.
    public let title: String
    /// The number of the chapter it practises.
    public let chapter: Int
    /// Learning goals.
    public let goals: [String]
    /// Estimated minutes.
    public let minutes: Int?
    /// Seconds one run may take.
    public let timeout: Double?
    /// Strict mode for its checks (off unless `strict: true`: a learner may
    /// print what they like besides what is checked).
    public let strict: Bool
    /// The hints, first to last.
    public let hints: [String]
    /// The program's arguments in the graded run.
    public let inputs: [String]
    /// The arguments of each hidden run.
    public let hiddenInputs: [[String]]
    /// Which lines of a hidden run are compared with the solution's.
    public let compare: String?
    /// The task in Markdown (front matter removed, includes filled from `Starter/`).
    public let body: String
    /// The `expect` blocks.
    public let expectations: [ExpectationBlock]

    /// `NN-slug`.
    public var name: String { folder.lastPathComponent }
    /// The learner's target.
    public var targetName: String { "exercise-" + name }
    /// The reference solution's target.
    public var solutionTargetName: String { "solution-" + name }
    /// The one-process version's target, when the exercise has one.
    public var serialTargetName: String? {
        FileManager.default.fileExists(atPath: serialFolder.path) ? "serial-" + name : nil
    }
    /// `exercise.md`.
    public var exerciseFile: URL { folder.appendingPathComponent("exercise.md") }
    /// The code as handed out.
    public var starterFolder: URL { folder.appendingPathComponent("Starter") }
    /// The learner's code.
    public var sourcesFolder: URL { folder.appendingPathComponent("Sources") }
    /// The reference solution.
    public var solutionFolder: URL { folder.appendingPathComponent("Solution") }
    /// The task done in one process (optional).
    public var serialFolder: URL { folder.appendingPathComponent("Serial") }
    /// Seconds a run may take: the exercise's own, else 60.
    public var runTimeout: Double { timeout ?? 60 }
    /// ``body`` parsed.
    public var document: MarkdownDocument { MarkdownDocument(parsing: body) }

    /// Reads the exercise in `folder` (named `NN-slug`).
    public init(number: Int, slug: String, folder: URL) throws {
        let file = folder.appendingPathComponent("exercise.md")
        guard FileManager.default.fileExists(atPath: file.path) else { throw ExerciseError.missingExerciseFile(folder) }
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw ChapterError.unreadableChapterFile(file, reason: "it is not UTF-8 text or is not readable")
        }
        let front = try FrontMatter(
            parsing: text.replacingOccurrences(of: "\r\n", with: "\n"), file: file,
            extraKeys: Self.extraKeys, repeatable: ["hint", "hidden"])
        for (role, sub) in [("Starter", "the code as handed out"), ("Sources", "your copy"), ("Solution", "the reference")] {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(role)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ExerciseError.missingFolder(url, role: sub)
            }
        }
        guard let chapterValue = front.extras["chapter"]?.first else { throw ExerciseError.missingKey(file, key: "chapter") }
        guard let chapter = Int(chapterValue.value), chapter > 0 else {
            throw ExerciseError.badValue(file, line: chapterValue.line, key: "chapter", reason: "must be a chapter number, not \"\(chapterValue.value)\"")
        }
        if let compare = front.extras["compare"]?.first, (try? NSRegularExpression(pattern: compare.value)) == nil {
            throw ExerciseError.badValue(file, line: compare.line, key: "compare", reason: "is not a valid regular expression")
        }
        if front.extras["hidden"] != nil, front.extras["compare"] == nil {
            throw ExerciseError.missingKey(file, key: "compare")
        }
        self.number = number
        self.slug = slug
        self.folder = folder
        self.title = front.title
        self.chapter = chapter
        self.goals = front.goals
        self.minutes = front.minutes
        self.timeout = front.timeout
        // Chapters default to strict; an exercise says so only when it wants it.
        self.strict = front.strictSetting ?? false
        self.hints = front.extras["hint"]?.map(\.value) ?? []
        self.inputs = front.extras["inputs"]?.first.map { Self.words($0.value) } ?? []
        self.hiddenInputs = front.extras["hidden"]?.map { Self.words($0.value) } ?? []
        self.compare = front.extras["compare"]?.first?.value
        let document = MarkdownDocument(parsing: front.body)
        let codeBlocks = document.codeBlocks
        self.expectations = codeBlocks.filter(\.isExpectation).map {
            ExpectationBlock(text: $0.literal, line: $0.startLine + 1 + front.bodyLineOffset)
        }
        self.body = try IncludeResolver.resolve(
            body: front.body, codeBlocks: codeBlocks, lineOffset: front.bodyLineOffset,
            chapter: "exercise \(folder.lastPathComponent)", exampleFolder: folder.appendingPathComponent("Starter"))
    }

    /// Arguments split at spaces.
    private static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }

    /// Whether the learner's sources are still exactly the starter's.
    public var isUnchanged: Bool {
        (try? ExerciseFiles.differences(between: starterFolder, and: sourcesFolder).isEmpty) ?? false
    }
}
