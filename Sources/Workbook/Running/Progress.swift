import Foundation

/// The learner's progress: for every chapter, how its last run ended, when,
/// and how many runs have passed so far.
///
/// It lives in `.workbook-progress.json` in the learner's working folder (the
/// package root). Saving writes a temporary file next to it and renames it
/// over the old one, so a crash never leaves half a file. A file that cannot
/// be read as progress is reported with a warning and treated as empty; it is
/// replaced on the next save.
///
/// ```swift
/// var (progress, warning) = LearnerProgress.load(from: file)
/// progress.record(.pass, for: "02-processes")
/// try progress.save(to: file)
/// ```
///
/// Its short name ``Progress`` clashes with `Foundation.Progress` in any file
/// that imports Foundation, hence the longer name.
public struct LearnerProgress: Codable, Sendable, Equatable {
    /// The file name in the learner's working folder.
    public static let fileName = ".workbook-progress.json"

    /// What is known about one chapter.
    public struct Entry: Codable, Sendable, Equatable {
        /// How the chapter's last run or check ended.
        public var lastStatus: RunStatus
        /// When that was.
        public var time: Date
        /// How many runs or checks of the chapter have passed.
        public var passes: Int

        /// The record of a chapter's latest run and its passes so far.
        public init(lastStatus: RunStatus, time: Date, passes: Int) {
            self.lastStatus = lastStatus
            self.time = time
            self.passes = passes
        }
    }

    /// The format version written to the file.
    public var version = 1
    /// Entries by chapter slug.
    public var chapters: [String: Entry] = [:]
    /// The exercises, by slug.
    public var exercises: [String: ExerciseProgress] = [:]

    /// Empty progress.
    public init() {}

    private enum CodingKeys: String, CodingKey { case version, chapters, exercises }

    /// Reads a progress file; one written before exercises existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        chapters = try container.decode([String: Entry].self, forKey: .chapters)
        exercises = try container.decodeIfPresent([String: ExerciseProgress].self, forKey: .exercises) ?? [:]
    }

    /// Records a grade of exercise `slug`.
    public mutating func recordGrade(_ status: RunStatus, for slug: String, at time: Date = Date()) {
        var entry = exercises[slug] ?? ExerciseProgress()
        entry.lastStatus = status
        entry.time = time
        if status.passed { entry.passes += 1 }
        exercises[slug] = entry
    }

    /// The progress file of a working folder.
    public static func file(in folder: URL) -> URL {
        folder.appendingPathComponent(fileName)
    }

    /// The entry of a chapter, if it has been run.
    public func entry(for slug: String) -> Entry? { chapters[slug] }

    /// Records how a chapter's run (or check) ended.
    public mutating func record(_ status: RunStatus, for slug: String, at time: Date = Date()) {
        let passes = (chapters[slug]?.passes ?? 0) + (status.passed ? 1 : 0)
        chapters[slug] = Entry(lastStatus: status, time: time, passes: passes)
    }

    /// Reads progress from `file`. A missing file is empty progress; a file
    /// that cannot be read or decoded is empty progress plus a warning that
    /// says why and what will happen.
    public static func load(from file: URL) -> (progress: LearnerProgress, warning: String?) {
        guard FileManager.default.fileExists(atPath: file.path) else { return (LearnerProgress(), nil) }
        do {
            let data = try Data(contentsOf: file)
            return (try decoder.decode(LearnerProgress.self, from: data), nil)
        } catch {
            let reason = (error as? DecodingError).map(describe) ?? error.localizedDescription
            return (LearnerProgress(), "warning: \(file.path) is not a progress file the workbook can read "
                + "(\(reason)); starting from no progress, and it will be replaced on the next save")
        }
    }

    /// Writes progress to `file` atomically (a temporary file in the same folder, then a rename).
    public func save(to file: URL) throws {
        let data = try Self.encoder.encode(self)
        let temporary = file.deletingLastPathComponent()
            .appendingPathComponent(".\(file.lastPathComponent).\(getpid()).tmp")
        try data.write(to: temporary)
        guard rename(temporary.path, file.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw RunningError.setupFailed(what: "the progress file \(file.path)", errno: code)
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : context.debugDescription
        case .keyNotFound(let key, _):
            return "the key '\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "the value at '\(path)' has the wrong type"
        @unknown default:
            return "it could not be decoded"
        }
    }
}

/// The learner's progress (``LearnerProgress``), under the name the
/// workbook's design uses. Where Foundation is imported, `Progress` means
/// `Foundation.Progress`; use `LearnerProgress` there.
public typealias Progress = LearnerProgress

/// What the learner did with one exercise.
public struct ExerciseProgress: Codable, Sendable, Equatable {
    /// The last grade's status; nil before the first grade.
    public var lastStatus: RunStatus?
    /// When the last grade was.
    public var time: Date?
    /// How many grades passed.
    public var passes = 0
    /// How many hints were shown (hints 1...hintsShown).
    public var hintsShown = 0
    /// Whether the reference solution was shown, and whether before a pass (`--force`).
    public var solutionShown: SolutionShown?

    /// Nothing done yet.
    public init() {}
}

/// When the reference solution of an exercise was shown.
public enum SolutionShown: String, Codable, Sendable, Equatable {
    /// After the exercise had passed.
    case afterPassing = "after-passing"
    /// Before it had passed, with `--force`.
    case forced
}
