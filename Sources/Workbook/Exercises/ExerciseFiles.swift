import Foundation

/// The files of an exercise's code folders: comparing the learner's copy
/// with the starter, and putting the starter back.
public enum ExerciseFiles {
    /// The regular files under `folder`, as paths relative to it, sorted.
    public static func files(in folder: URL) throws -> [String] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var found: [String] = []
        let base = folder.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(base) { found.append(String(path.dropFirst(base.count))) }
        }
        return found.sorted()
    }

    /// The relative paths that differ between two folders: in one only, or
    /// with different bytes.
    public static func differences(between first: URL, and second: URL) throws -> [String] {
        let left = Set(try files(in: first))
        let right = Set(try files(in: second))
        var differing = left.symmetricDifference(right)
        for path in left.intersection(right) {
            let a = try Data(contentsOf: first.appendingPathComponent(path))
            let b = try Data(contentsOf: second.appendingPathComponent(path))
            if a != b { differing.insert(path) }
        }
        return differing.sorted()
    }

    /// Makes `destination` hold exactly the files of `source`: copies each
    /// over, and removes files `source` does not have.
    /// - Returns: the relative paths that changed.
    @discardableResult
    public static func replaceContents(of destination: URL, with source: URL) throws -> [String] {
        let changed = try differences(between: source, and: destination)
        let wanted = Set(try files(in: source))
        let manager = FileManager.default
        for path in changed {
            let target = destination.appendingPathComponent(path)
            if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
            if wanted.contains(path) {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.copyItem(at: source.appendingPathComponent(path), to: target)
            }
        }
        return changed
    }
}
