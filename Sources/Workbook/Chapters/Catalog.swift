import Foundation

/// The chapters of a package: its `Lessons/NN-slug/` folders that hold a
/// `chapter.md`. Other folders and files in `Lessons/` are ignored.
public struct Catalog: Sendable {
    /// The package folder, the one holding `Lessons/`.
    public let root: URL

    /// The folder the chapters are in.
    public var lessonsFolder: URL { root.appendingPathComponent("Lessons") }

    /// A catalog of the chapters under `root/Lessons`.
    public init(root: URL) {
        self.root = root
    }

    /// Every chapter, read in full, sorted by number.
    public func chapters() throws -> [Chapter] {
        try entries().map { try Chapter(number: $0.number, slug: $0.slug, folder: $0.folder) }
    }

    /// Every chapter folder, sorted by number, each with the chapter read
    /// from it or the error that kept it from being read. One broken
    /// `chapter.md` does not hide the others. Throws only when there is no
    /// `Lessons/` folder or two folders share a number.
    public func listings() throws -> [ChapterListing] {
        try entries().map { entry in
            ChapterListing(
                number: entry.number, slug: entry.slug, folder: entry.folder,
                reading: Result { try Chapter(number: entry.number, slug: entry.slug, folder: entry.folder) })
        }
    }

    /// The chapter `query` names:
    /// its number (`2` or `02`), its slug (`processes`), its folder name
    /// (`02-processes`) or its target name (`lesson-02-processes`). Only that
    /// chapter is read, so a broken chapter does not keep the others from
    /// being read.
    public func chapter(matching query: String) throws -> Chapter {
        try listing(matching: query).reading.get()
    }

    /// The folder `query` names (as for `chapter(matching:)`), with the
    /// chapter read from it or the error that kept it from being read.
    /// Throws when no folder matches.
    public func listing(matching query: String) throws -> ChapterListing {
        let entries = try entries()
        let wanted = query.trimmingWhitespace().lowercased()
        let match: Entry?
        if !wanted.isEmpty, wanted.allSatisfy({ $0.isASCII && $0.isNumber }) {
            match = entries.first { Int(wanted) == $0.number }
        } else {
            match = entries.first { entry in
                let name = entry.folder.lastPathComponent.lowercased()
                return wanted == entry.slug.lowercased() || wanted == name || wanted == "lesson-" + name
            }
        }
        guard let match else {
            throw ChapterError.unknownChapter(query, available: entries.map { $0.folder.lastPathComponent })
        }
        return ChapterListing(
            number: match.number, slug: match.slug, folder: match.folder,
            reading: Result { try Chapter(number: match.number, slug: match.slug, folder: match.folder) })
    }

    private struct Entry {
        var number: Int
        var slug: String
        var folder: URL
    }

    /// The chapter folders, sorted by number, without reading them.
    private func entries() throws -> [Entry] {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: lessonsFolder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw ChapterError.noLessonsFolder(lessonsFolder)
        }
        let names = (try? manager.contentsOfDirectory(atPath: lessonsFolder.path)) ?? []
        var entries: [Entry] = []
        for name in names {
            guard let (number, slug) = Chapter.parseFolderName(name) else { continue }
            let folder = lessonsFolder.appendingPathComponent(name, isDirectory: true)
            guard manager.fileExists(atPath: folder.appendingPathComponent("chapter.md").path) else { continue }
            entries.append(Entry(number: number, slug: slug, folder: folder))
        }
        entries.sort { ($0.number, $0.slug) < ($1.number, $1.slug) }
        for (previous, next) in zip(entries, entries.dropFirst()) where previous.number == next.number {
            let folders = entries.filter { $0.number == next.number }.map { $0.folder.lastPathComponent }
            throw ChapterError.duplicateChapterNumber(next.number, folders: folders)
        }
        return entries
    }
}

/// One chapter folder of a catalog and what reading its `chapter.md` gave.
public struct ChapterListing {
    /// The chapter's number, from its folder name.
    public let number: Int
    /// The chapter's slug, from its folder name.
    public let slug: String
    /// The chapter's folder.
    public let folder: URL
    /// The chapter, or why its `chapter.md` could not be read.
    public let reading: Result<Chapter, any Error>

    /// The folder's name, e.g. `02-processes`.
    public var name: String { folder.lastPathComponent }
}

extension Catalog {
    /// The folder the exercises are in.
    public var exercisesFolder: URL { root.appendingPathComponent("Exercises") }

    /// Every exercise, sorted by number (none when there is no `Exercises/`
    /// folder). Each is read in full; a broken one is an error.
    public func exercises() throws -> [Exercise] {
        try exerciseEntries().map { try Exercise(number: $0.number, slug: $0.slug, folder: $0.folder) }
    }

    /// The exercise `query` names: its number, slug, folder name or target
    /// name (`exercise-01-factorials`).
    public func exercise(matching query: String) throws -> Exercise {
        let entries = try exerciseEntries()
        let wanted = query.trimmingWhitespace().lowercased()
        let match = entries.first { entry in
            let name = entry.folder.lastPathComponent.lowercased()
            if !wanted.isEmpty, wanted.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(wanted) == entry.number }
            return wanted == entry.slug.lowercased() || wanted == name || wanted == "exercise-" + name
        }
        guard let match else {
            throw ExerciseError.unknownExercise(query, available: entries.map { $0.folder.lastPathComponent })
        }
        return try Exercise(number: match.number, slug: match.slug, folder: match.folder)
    }

    private func exerciseEntries() throws -> [(number: Int, slug: String, folder: URL)] {
        let manager = FileManager.default
        let names = (try? manager.contentsOfDirectory(atPath: exercisesFolder.path)) ?? []
        var entries: [(number: Int, slug: String, folder: URL)] = []
        for name in names {
            guard let (number, slug) = Chapter.parseFolderName(name) else { continue }
            let folder = exercisesFolder.appendingPathComponent(name, isDirectory: true)
            guard manager.fileExists(atPath: folder.appendingPathComponent("exercise.md").path) else { continue }
            entries.append((number, slug, folder))
        }
        entries.sort { ($0.number, $0.slug) < ($1.number, $1.slug) }
        for (previous, next) in zip(entries, entries.dropFirst()) where previous.number == next.number {
            throw ExerciseError.duplicateExerciseNumber(
                next.number, folders: entries.filter { $0.number == next.number }.map { $0.folder.lastPathComponent })
        }
        return entries
    }
}
