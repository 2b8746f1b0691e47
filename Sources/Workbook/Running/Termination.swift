#if canImport(Glibc)
import Glibc
#endif

/// How a process run by ``ExampleRunner`` ended.
public enum Termination: Sendable, Equatable, Codable {
    /// The process exited by itself with this status (0 is success).
    case exited(Int32)
    /// The process was ended by this signal (for example 11, `SIGSEGV`).
    case signalled(Int32)
    /// The process was still running after this many seconds and was stopped,
    /// together with every process it had started.
    case timedOut(seconds: Double)

    /// Whether the process exited by itself with status 0.
    public var isCleanExit: Bool { self == .exited(0) }

    /// A short description such as `exit status 3`, `signal 11 (SIGSEGV, segmentation fault)`
    /// or `timed out after 2 s`.
    public var summary: String {
        switch self {
        case .exited(let status):
            return "exit status \(status)"
        case .signalled(let signal):
            return "signal \(Termination.describe(signal: signal))"
        case .timedOut(let seconds):
            return "timed out after \(Termination.format(seconds: seconds))"
        }
    }

    /// `11 (SIGSEGV, segmentation fault)`: a signal's number, name and meaning.
    public static func describe(signal: Int32) -> String {
        let name = signalNames[signal].map { "\($0), " } ?? ""
        let meaning = strsignal(signal).map { String(cString: $0).lowercased() } ?? "unknown signal"
        return "\(signal) (\(name)\(meaning))"
    }

    /// Seconds written the way a learner reads them: `120 s`, `0.5 s`.
    static func format(seconds: Double) -> String {
        if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        return "\((seconds * 100).rounded() / 100) s"
    }

    private static let signalNames: [Int32: String] = [
        SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL",
        SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
        SIGKILL: "SIGKILL", SIGUSR1: "SIGUSR1", SIGSEGV: "SIGSEGV", SIGUSR2: "SIGUSR2",
        SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGCHLD: "SIGCHLD",
    ]
}
