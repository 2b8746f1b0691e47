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

    /// The chapter `query` names: its number (`2` or `02`), its slug
    /// (`processes`), its folder name (`02-processes`) or its target name
    /// (`lesson-02-processes`). Only that chapter is read, so a broken
    /// chapter does not keep the others from being read.
    public func chapter(matching query: String) throws -> Chapter {
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
        return try Chapter(number: match.number, slug: match.slug, folder: match.folder)
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
