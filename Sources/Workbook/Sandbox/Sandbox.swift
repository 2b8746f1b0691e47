import CWitness
import Foundation

/// Limits for a program that is not trusted: a student's submission being
/// graded. Applied between fork and exec by the witness (`CWitness`).
///
/// As root, the program runs as `nobody` (so `RLIMIT_NPROC` caps its
/// processes: the kernel does not apply it to root), in a new network
/// namespace with no interfaces but a downed loopback, in its own folder,
/// with CPU-time and address-space limits, and inside a pids (and memory)
/// cgroup when the machine lets the workbook make one.
public struct Sandbox: Sendable {
    /// The folder the program starts in (it must be usable by `uid`).
    public var workingDirectory: String?
    /// Seconds of CPU per process.
    public var cpuSeconds: Int?
    /// Bytes of address space per process.
    public var addressSpaceBytes: Int?
    /// Processes the user may have (RLIMIT_NPROC; needs a user other than root).
    public var maxProcesses: Int?
    /// The user and group to run as, when started as root.
    public var uid: UInt32?
    public var gid: UInt32?
    /// Whether to cut the network off (a new network namespace; root only).
    public var newNetwork = false
    /// cgroup.procs files to join (made by ``CgroupJail``).
    public var cgroupProcs: [String] = []

    /// An empty sandbox (nothing limited).
    public init() {}

    /// The step names of `apply_sandbox` in witness.c, for error messages.
    static func stepName(_ step: Int32) -> String {
        ["", "joining the cgroup", "leaving the network", "changing folder", "limiting CPU time",
         "limiting memory", "limiting processes", "changing group", "changing user"][Int(step) < 9 ? Int(step) : 0]
    }

    /// Calls `body` with the C form of `sandbox` (nil for none).
    static func withRaw<Result>(_ sandbox: Sandbox?, _ body: (UnsafePointer<witness_sandbox>?) -> Result) -> Result {
        guard let sandbox else { return body(nil) }
        let folder = sandbox.workingDirectory.map { strdup($0) }
        let procs = sandbox.cgroupProcs.prefix(2).map { strdup($0) }
        defer {
            folder.map { free($0) }
            procs.forEach { free($0) }
        }
        var raw = witness_sandbox()
        raw.working_directory = UnsafePointer(folder ?? nil)
        raw.cgroup_procs.0 = procs.count > 0 ? UnsafePointer(procs[0]) : nil
        raw.cgroup_procs.1 = procs.count > 1 ? UnsafePointer(procs[1]) : nil
        raw.new_network = sandbox.newNetwork ? 1 : 0
        raw.cpu_seconds = Int64(sandbox.cpuSeconds ?? -1)
        raw.address_space_bytes = Int64(sandbox.addressSpaceBytes ?? -1)
        raw.max_processes = Int64(sandbox.maxProcesses ?? -1)
        raw.uid = sandbox.uid.map(Int64.init) ?? -1
        raw.gid = sandbox.gid.map(Int64.init) ?? -1
        return withUnsafePointer(to: &raw) { body($0) }
    }
}
