import Foundation

/// A pids cgroup (and a memory cgroup where the machine has one) made for
/// one untrusted run, with its limits; removed when done. Works with
/// cgroup v1 (`/sys/fs/cgroup/pids`, `/sys/fs/cgroup/memory`) and v2 (a
/// unified hierarchy with the controllers enabled). When neither can be
/// made, ``procsFiles`` is empty and ``limitations`` says why.
public final class CgroupJail: @unchecked Sendable {
    /// The cgroup.procs files the program joins.
    public private(set) var procsFiles: [String] = []
    /// What could not be limited, in words, for the report.
    public private(set) var limitations: [String] = []
    private var folders: [String] = []

    /// Makes the cgroups, capping processes at `maxProcesses` and memory at
    /// `memoryBytes`.
    public init(maxProcesses: Int, memoryBytes: Int, root: String = "/sys/fs/cgroup") {
        let name = "workbook-grade-\(getpid())-\(UUID().uuidString.prefix(8))"
        let manager = FileManager.default
        if manager.fileExists(atPath: "\(root)/cgroup.controllers") {
            // cgroup v2: one group, both limits, when the controllers are on.
            let controllers = (try? String(contentsOfFile: "\(root)/cgroup.subtree_control", encoding: .utf8)) ?? ""
            let folder = "\(root)/\(name)"
            if controllers.contains("pids"), mkdir(folder, 0o755) == 0 {
                folders.append(folder)
                if write("\(maxProcesses)", to: "\(folder)/pids.max") { procsFiles.append("\(folder)/cgroup.procs") }
                if !controllers.contains("memory") || !write("\(memoryBytes)", to: "\(folder)/memory.max") {
                    limitations.append("memory is not capped by a cgroup (the memory controller is not enabled)")
                }
            } else {
                limitations.append("processes are not capped by a cgroup (cannot make one in \(root))")
            }
            return
        }
        let pids = "\(root)/pids/\(name)"
        if manager.fileExists(atPath: "\(root)/pids"), mkdir(pids, 0o755) == 0 {
            folders.append(pids)
            if write("\(maxProcesses)", to: "\(pids)/pids.max") { procsFiles.append("\(pids)/cgroup.procs") }
        } else {
            limitations.append("processes are not capped by a cgroup (no writable pids hierarchy)")
        }
        let memory = "\(root)/memory/\(name)"
        if manager.fileExists(atPath: "\(root)/memory"), mkdir(memory, 0o755) == 0 {
            folders.append(memory)
            if write("\(memoryBytes)", to: "\(memory)/memory.limit_in_bytes") { procsFiles.append("\(memory)/cgroup.procs") }
        } else {
            limitations.append("memory is not capped by a cgroup (no writable memory hierarchy)")
        }
    }

    /// Kills what is left in the cgroups and removes them.
    public func remove() {
        for folder in folders {
            for _ in 0..<50 {
                let members = ((try? String(contentsOfFile: "\(folder)/cgroup.procs", encoding: .utf8)) ?? "")
                    .split(separator: "\n").compactMap { Int32($0) }
                if members.isEmpty { break }
                members.forEach { kill($0, SIGKILL) }
                usleep(10_000)
            }
            rmdir(folder)
        }
        folders.removeAll()
    }

    deinit { remove() }

    private func write(_ text: String, to path: String) -> Bool {
        (try? text.write(toFile: path, atomically: false, encoding: .utf8)) != nil
    }
}
