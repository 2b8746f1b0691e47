import Foundation

/// Finding the workbook's package root: the folder that holds both
/// `Package.swift` and `Lessons/`.
public enum PackageRoot {
    /// Whether `folder` holds both `Package.swift` and `Lessons/`.
    public static func isRoot(_ folder: URL) -> Bool {
        var isFolder: ObjCBool = false
        let manager = FileManager.default
        return manager.fileExists(atPath: folder.appendingPathComponent("Package.swift").path)
            && manager.fileExists(atPath: folder.appendingPathComponent("Lessons").path, isDirectory: &isFolder)
            && isFolder.boolValue
    }

    /// The given folder when it is a root, else the nearest root at or above
    /// `start` (the current folder when nil).
    /// - Throws: ``RunningError/notAPackageRoot(_:)`` or ``RunningError/noPackageRoot(searchedFrom:)``.
    public static func find(given: String?, start: URL? = nil) throws -> URL {
        if let given {
            let folder = URL(fileURLWithPath: given).standardizedFileURL
            guard isRoot(folder) else { throw RunningError.notAPackageRoot(folder.path) }
            return folder
        }
        let first = (start ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var folder = first
        while true {
            if isRoot(folder) { return folder }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { throw RunningError.noPackageRoot(searchedFrom: first.path) }
            folder = parent
        }
    }
}
