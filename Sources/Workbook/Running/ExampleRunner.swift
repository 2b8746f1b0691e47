#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs a built example the way the workbook needs: with a timeout, in its
/// own process group, with its output captured and capped, and with the
/// core's process trace switched on.
///
/// The program gets `MP_TRACE_FILE` set to a fresh temporary file (read back
/// into ``RunResult/traceLines`` and then removed) and, when a start method is
/// asked for, `MP_START_METHOD`. Standard input is `/dev/null`.
///
/// When the run is over, for whatever reason, nothing it started is left
/// running: the program's process group is killed, and any descendant that
/// left the group is found (the workbook is a child subreaper, so such
/// orphans become its children), killed and reaped. On timeout the group
/// first gets SIGTERM and, after ``gracePeriod`` seconds, SIGKILL.
///
/// ```swift
/// let runner = ExampleRunner(timeout: 30)
/// let result = try runner.run(executable: binary, startMethod: .spawn)
/// print(result.termination.summary, result.stdout.text)
/// ```
public struct ExampleRunner: Sendable {
    /// The cap on each captured stream when none is given: 1 MiB.
    public static let defaultOutputLimit = 1 << 20
    /// The timeout of a run when neither the chapter nor the learner sets one: 120 s.
    public static let defaultTimeout: Double = Chapter.defaultTimeout

    /// Seconds a run may take before it is stopped.
    public var timeout: Double
    /// Bytes kept of each of standard output and standard error.
    public var outputLimit: Int
    /// Seconds between SIGTERM and SIGKILL when a run is stopped for taking too long.
    public var gracePeriod: Double
    /// Extra environment variables for the program (on top of the workbook's own).
    public var environment: [String: String]
    /// Whether to witness the run (ptrace): on unless `WORKBOOK_WITNESS=off`.
    public var witnessed: Bool
    /// Limits for an untrusted program (a submission being graded); nil
    /// runs it as the workbook's own user, unlimited.
    public var sandbox: Sandbox?

    /// Creates a runner.
    /// - Parameters:
    ///   - timeout: seconds a run may take (default 120).
    ///   - outputLimit: bytes kept of each output stream (default 1 MiB).
    ///   - gracePeriod: seconds between SIGTERM and SIGKILL on timeout (default 1).
    ///   - environment: extra environment variables for the program.
    public init(
        timeout: Double = ExampleRunner.defaultTimeout, outputLimit: Int = ExampleRunner.defaultOutputLimit,
        gracePeriod: Double = 1, environment: [String: String] = [:]
    ) {
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.gracePeriod = gracePeriod
        self.environment = environment
        self.witnessed = ProcessInfo.processInfo.environment[Witness.switchVariable] != "off"
    }

    /// Makes Ctrl-C (SIGINT), SIGTERM and SIGHUP kill the example that is
    /// running before the workbook itself ends. The example runs in its own
    /// process group, so the terminal's Ctrl-C would not reach it otherwise.
    /// Call once, early, from a command-line program.
    public static func stopExamplesOnInterrupt() {
        ProcessTree.installInterruptHandlers()
    }

    /// Runs `executable` once and waits for it, and everything it started, to end.
    /// - Parameters:
    ///   - executable: the program to run.
    ///   - arguments: its arguments (not counting its name).
    ///   - startMethod: the start method to ask for, or nil for the library's default.
    ///   - traceFile: the file for `MP_TRACE_FILE`, emptied first and left in
    ///     place for the caller; when nil, a temporary file that is removed
    ///     after the run.
    /// - Throws: ``RunningError`` when the program cannot be started at all.
    public func run(
        executable: URL, arguments: [String] = [], startMethod: StartMethodChoice? = nil, traceFile givenTraceFile: URL? = nil
    ) throws -> RunResult {
        _ = ProcessTree.isSubreaper
        let traceFile = givenTraceFile ?? Self.temporaryTraceFile()
        guard FileManager.default.createFile(atPath: traceFile.path, contents: nil) else {
            throw RunningError.setupFailed(what: "the trace file \(traceFile.path)", errno: errno)
        }
        defer {
            if givenTraceFile == nil { try? FileManager.default.removeItem(at: traceFile) }
        }
        // A sandboxed program runs as another user, who must be able to append to it.
        if sandbox?.uid != nil { _ = chmod(traceFile.path, 0o666) }

        var environment = ProcessInfo.processInfo.environment.merging(self.environment) { $1 }
        environment["MP_TRACE_FILE"] = traceFile.path
        // Without a chosen method the library's own default applies, not one
        // the learner's shell happens to export.
        environment[StartMethodChoice.environmentVariable] = startMethod?.rawValue

        let output = try Self.makePipe()
        let errors: (read: Int32, write: Int32)
        do { errors = try Self.makePipe() } catch {
            _ = close(output.read); _ = close(output.write)
            throw error
        }
        let earlierChildren = ProcessTree.children()
        let started = ContinuousClock.now
        let witness: Witness
        do {
            witness = try Witness(
                path: executable.path, arguments: arguments, environment: environment,
                stdout: output.write, stderr: errors.write, trace: witnessed, dataLimit: 2 * outputLimit, sandbox: sandbox)
        } catch {
            [output.read, output.write, errors.read, errors.write].forEach { _ = close($0) }
            throw error
        }
        let pid = witness.pid
        ProcessTree.noteRunning(group: pid, traceFile: givenTraceFile == nil ? traceFile.path : nil)
        _ = close(output.write)
        _ = close(errors.write)

        // The witness follows the run on this thread (the tracer's); another
        // thread reads the output and enforces the timeout meanwhile.
        let supervision = Supervision(
            collectors: [
                OutputCollector(descriptor: output.read, limit: outputLimit),
                OutputCollector(descriptor: errors.read, limit: outputLimit),
            ],
            deadline: started + Self.duration(timeout), grace: Self.duration(gracePeriod), witness: witness)
        supervision.start()
        let status = witness.run()
        var collectors = supervision.finish()
        let timedOut = supervision.timedOut
        let aliveAtTimeout = supervision.aliveAtTimeout
        ProcessTree.clearUp(group: pid, earlier: earlierChildren)
        ProcessTree.noteRunning(group: 0, traceFile: nil)
        // Whatever the cleared-up processes wrote before dying is still in the pipes.
        let drainEnd = ContinuousClock.now + .milliseconds(300)
        while collectors.contains(where: \.isOpen), ContinuousClock.now < drainEnd {
            collectors.pollAndRead(milliseconds: 20)
        }
        for index in collectors.indices { collectors[index].close() }
        let duration = started.duration(to: .now)

        let termination: Termination
        if timedOut {
            termination = .timedOut(seconds: timeout)
        } else if status & 0x7f == 0 {
            termination = .exited((status >> 8) & 0xff)
        } else {
            termination = .signalled(status & 0x7f)
        }
        let trace = (try? String(contentsOf: traceFile, encoding: .utf8)) ?? ""
        return RunResult(
            termination: termination,
            duration: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18,
            stdout: collectors[0].captured, stderr: collectors[1].captured,
            traceLines: trace.split(separator: "\n").map(String.init).filter { !$0.isEmpty },
            pid: pid, startMethod: startMethod, witness: witness.record(), aliveAtTimeout: aliveAtTimeout)
    }

    /// A fresh path for a trace file in the temporary folder.
    public static func temporaryTraceFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("workbook-trace-\(UUID().uuidString).jsonl")
    }

    /// Seconds as a duration, saturating: no timeout can trap here.
    private static func duration(_ seconds: Double) -> Duration {
        let milliseconds = (seconds * 1000).rounded()
        guard milliseconds.isFinite, milliseconds < 1e15 else { return .milliseconds(Int64(1e15)) }
        return .milliseconds(Int64(max(0, milliseconds)))
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw RunningError.setupFailed(what: "a pipe for the example's output", errno: errno)
        }
        // Close-on-exec, so only the example gets these ends (through dup2),
        // not any other program the workbook starts.
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}
