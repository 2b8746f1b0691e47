#if canImport(Glibc)
import Glibc
#endif
import CWitness

/// A program started under the workbook's witness (ptrace with a seccomp
/// filter, in `CWitness`): it leads a new process group, gets SIGKILL if
/// the workbook dies, and everything it and its descendants do that the
/// checks rely on is recorded from the kernel's reports.
///
/// Create it, then call ``run()`` on the same thread (ptrace requests must
/// come from the thread that became the tracer); ``signalAll(_:)`` and
/// ``alivePids()`` may be called from any other thread meanwhile.
final class Witness: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The program's pid (also its process group).
    let pid: Int32
    /// Whether the kernel let the workbook trace the run.
    let isTracing: Bool
    /// Why it could not trace, when it was asked to and could not.
    let untracedReason: String?

    /// The environment variable that turns the witness off (`off`), for
    /// machines where tracing misbehaves; runs are then marked unwitnessed.
    static let switchVariable = "WORKBOOK_WITNESS"

    /// Starts `path` with `arguments`.
    /// - Parameters:
    ///   - trace: false starts it untraced (the run is then unwitnessed).
    ///   - dataLimit: bytes of written data to keep (the rest is counted).
    /// - Throws: `RunningError.spawnFailed` when the program cannot be started.
    init(path: String, arguments: [String], environment: [String: String], stdout: Int32, stderr: Int32,
         trace: Bool, dataLimit: Int, sandbox: Sandbox? = nil) throws {
        let argv = ([path] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var failure: Int32 = 0
        var refusal: Int32 = 0
        var sandboxStep: Int32 = 0
        let started = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                Sandbox.withRaw(sandbox) { box in
                    witness_spawn(path, argvBuffer.baseAddress, envpBuffer.baseAddress, -1, stdout, stderr,
                                  trace ? 1 : 0, Int64(dataLimit), box, &failure, &refusal, &sandboxStep)
                }
            }
        }
        guard let started else {
            if sandboxStep != 0 { throw RunningError.sandboxFailed(step: Sandbox.stepName(sandboxStep), errno: failure) }
            throw RunningError.spawnFailed(path: path, errno: failure)
        }
        handle = started
        pid = witness_root(started)
        isTracing = witness_is_tracing(started) != 0
        if isTracing {
            untracedReason = nil
        } else if !trace {
            untracedReason = "the witness was turned off (\(Witness.switchVariable)=off)"
        } else {
            let why = refusal == 0 ? "" : ": " + String(cString: strerror(refusal))
            untracedReason = "the kernel did not allow the workbook to trace the example (ptrace\(why)); "
                + "this happens in some containers and with Yama's ptrace_scope set to 3"
        }
    }

    deinit { witness_free(handle) }

    /// Follows the run until the program and everything it started have
    /// ended; returns the program's raw wait status.
    func run() -> Int32 { witness_run(handle) }

    /// Sends `signal` to the program's group and to every live process of the run.
    func signalAll(_ signal: Int32) { witness_signal_all(handle, signal) }

    /// The pids of the run's processes still alive.
    func alivePids() -> [Int32] {
        var pids = [Int32](repeating: 0, count: 512)
        let count = Int(witness_alive(handle, &pids, Int32(pids.count)))
        return Array(pids.prefix(min(count, pids.count)))
    }

    /// The record, once ``run()`` has returned.
    func record() -> WitnessRecord {
        guard isTracing else {
            return .unwitnessed(rootPid: pid, reason: untracedReason ?? "the run was not traced")
        }
        var processes: [WitnessedProcess] = []
        for index in 0..<witness_process_count(handle) {
            guard let raw = witness_process_at(handle, index)?.pointee else { continue }
            var nameBytes = raw.name
            let name = withUnsafeBytes(of: &nameBytes) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            let status = raw.wait_status
            let code: Int32? = raw.ended == 0 ? nil
                : (status & 0x7f == 0 ? (status >> 8) & 0xff : -(status & 0x7f))
            processes.append(WitnessedProcess(
                pid: raw.pid, parent: raw.parent, start: Double(raw.start_ns) / 1e9,
                end: raw.ended == 0 ? nil : Double(raw.end_ns) / 1e9, exitCode: code, execed: raw.execed != 0,
                cpuMilliseconds: Double(raw.cpu_ns) / 1e6, name: name))
        }
        var writes: [WitnessedWrite] = []
        let data = witness_data(handle)
        for index in 0..<witness_write_count(handle) {
            guard let raw = witness_write_at(handle, index)?.pointee else { continue }
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0 + Int(raw.offset), count: Int(raw.length))) } ?? []
            writes.append(WitnessedWrite(pid: raw.pid, fd: raw.fd, bytes: bytes))
        }
        return WitnessRecord(witnessed: true, unwitnessedReason: nil, rootPid: pid, processes: processes,
                             writes: writes, opaqueBytes: Int(witness_opaque_bytes(handle)))
    }
}
