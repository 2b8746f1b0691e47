#if canImport(Glibc)
import Glibc
#endif

/// The trace of process events that the workbook reads to check facts no
/// printout can fake (how many distinct processes ran, that a printed pid
/// was a real child of the run).
///
/// When the environment variable `MP_TRACE_FILE` names a file, every
/// process start and exit appends one JSON line to it:
///
/// ```json
/// {"event":"start","pid":4242,"ppid":4241,"name":"Process-1","method":"fork","time":1795000000.123456}
/// {"event":"exit","pid":4242,"ppid":4241,"name":"Process-1","method":"fork","exitCode":0,"time":1795000000.2}
/// ```
///
/// A child writes its own `start` line; the parent writes the `exit` line
/// when it collects the exit code (so a child killed by a signal still gets
/// one). The main process writes a `start` line with method `main` at
/// `MP.bootstrap()`. `ppid` is the logical parent (under forkserver, the
/// process that asked for the child). Each line is one `write` to a file
/// opened with `O_APPEND`, so lines from different processes never mix.
enum Trace {
    static let environmentVariable = "MP_TRACE_FILE"

    static func processStarted(name: String, parentPid: Int32, method: String) {
        record(event: "start", pid: getpid(), parentPid: parentPid, name: name, method: method, exitCode: nil)
    }

    static func processExited(pid: Int32, parentPid: Int32, name: String, method: String, exitCode: Int32) {
        record(event: "exit", pid: pid, parentPid: parentPid, name: name, method: method, exitCode: exitCode)
    }

    private static func record(
        event: String, pid: Int32, parentPid: Int32, name: String, method: String, exitCode: Int32?
    ) {
        guard let path = getenv(environmentVariable), path.pointee != 0 else { return }
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let seconds = Double(clock.tv_sec) + Double(clock.tv_nsec) / 1e9
        var line = "{\"event\":\"\(event)\",\"pid\":\(pid),\"ppid\":\(parentPid),"
            + "\"name\":\(jsonString(name)),\"method\":\(jsonString(method)),"
        if let exitCode { line += "\"exitCode\":\(exitCode)," }
        line += "\"time\":\(seconds)}\n"
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { Descriptors.close(descriptor) }
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
