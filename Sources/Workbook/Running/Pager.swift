#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Shows text through a pager program (`less -R`, `$PAGER`).
public enum Pager {
    /// Runs `command` through `/bin/sh` with `text` on its standard input
    /// and waits for it. The pager stays in the workbook's process group,
    /// which is the terminal's foreground group: in a group of its own the
    /// terminal would stop it as soon as it read a key, and it would wait for
    /// ever. Returns false when the pager could not be run at all (the shell
    /// found no such program), so the caller can show the text itself.
    public static func show(_ text: String, command: String) -> Bool {
        fflush(nil)
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        let pid: pid_t
        do {
            pid = try ProcessTree.spawn(
                path: "/bin/sh", arguments: ["-c", command], environment: ProcessInfo.processInfo.environment,
                stdin: ends[0], stdout: 1, stderr: 2, ownGroup: false)
        } catch {
            _ = close(ends[0])
            _ = close(ends[1])
            return false
        }
        _ = close(ends[0])
        // Ctrl-C belongs to the pager while it runs; a pager that quits early
        // closes the pipe, which is not an error.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(ends[1], raw.baseAddress! + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
        _ = close(ends[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // 126 and 127: the shell could not run the pager.
        let exitCode = (status >> 8) & 0xFF
        return !(status & 0x7F == 0 && (exitCode == 126 || exitCode == 127))
    }
}
