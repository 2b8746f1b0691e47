#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Notices changes to the files under a folder by polling: a file's
/// identity (inode), size and modification time. Polling sees every way
/// an editor saves, including writing a new file and renaming it over the
/// old one (which replaces the inode), and needs nothing from the kernel
/// beyond `stat`.
public struct SourceWatcher: Sendable {
    /// The folder watched.
    public let folder: URL
    private var last: [String: String]

    /// Starts watching `folder` from its current state.
    public init(folder: URL) {
        self.folder = folder
        self.last = Self.snapshot(of: folder)
    }

    /// Whether anything changed since the last call (or since `init`).
    public mutating func changed() -> Bool {
        let now = Self.snapshot(of: folder)
        defer { last = now }
        return now != last
    }

    /// Every regular file's `inode size mtime`, by relative path. Editors'
    /// swap and backup files (`.x.swp`, `x~`, `#x#`) are left out.
    static func snapshot(of folder: URL) -> [String: String] {
        var state: [String: String] = [:]
        for path in (try? ExerciseFiles.files(in: folder)) ?? [] {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix("~") || name.hasPrefix("#") { continue }
            var info = stat()
            guard stat(folder.appendingPathComponent(path).path, &info) == 0 else { continue }
            state[path] = "\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        }
        return state
    }
}
