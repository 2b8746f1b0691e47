import CMultiprocessing
import Foundation
import XCTest

/// Runs `mp-test-helper` (built beside the test bundle) as a separate
/// program, with its output in files, and checks afterwards that it left no
/// process behind.
///
/// The test process makes itself a child subreaper, so any process the
/// helper leaves behind is re-parented to the test process instead of init,
/// where `leftoverChildren()` finds it.
final class HelperProgram {
    let pid: pid_t
    private let outputPath: String
    private let errorPath: String
    private var status: Int32?

    static let executable: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var directory = Bundle.main.bundleURL
        for candidate in [bundle.deletingLastPathComponent(), directory, directory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("mp-test-helper").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
        return directory.appendingPathComponent("mp-test-helper").path
    }()

    private static let becomeSubreaper: Void = {
        _ = mp_set_child_subreaper(1)
    }()

    /// Starts the helper with `arguments`; with a `launcher` (such as
    /// `["/usr/sbin/ip", "netns", "exec", "name"]`), through it. With
    /// `ownProcessGroup`, the helper leads a new process group (as a runner
    /// with a timeout starts a program), which `kill(-pid, ...)` ends at once.
    init(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = [],
         ownProcessGroup: Bool = false) throws {
        _ = HelperProgram.becomeSubreaper
        let directory = NSTemporaryDirectory()
        let token = UUID().uuidString
        outputPath = directory + "mp-helper-\(token).out"
        errorPath = directory + "mp-helper-\(token).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        mp_spawn_file_actions_add_close_from(&actions, 3)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "MP_START_METHOD")
        env.removeValue(forKey: "MP_TRACE_FILE")
        for (key, value) in environment { env[key] = value }
        let argv = (launcher + [HelperProgram.executable] + arguments).map { strdup($0) }
        let envp = env.map { strdup("\($0.key)=\($0.value)") }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if ownProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        }
        var child: pid_t = 0
        let result = posix_spawn(
            &child, launcher.first ?? HelperProgram.executable, &actions, &attributes, argv + [nil], envp + [nil])
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        unlink(outputPath)
        unlink(errorPath)
    }

    /// Runs the helper to the end and returns it.
    static func run(
        _ arguments: [String], environment: [String: String] = [:], launcher: [String] = [], timeout: Double = 60,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> HelperProgram {
        let program = try HelperProgram(arguments, environment: environment, launcher: launcher)
        let ended = program.wait(timeout: timeout)
        XCTAssertTrue(ended, "helper \(arguments) did not end within \(timeout) s; output: \(program.output)",
                      file: file, line: line)
        return program
    }

    /// Waits for the helper to end; false on timeout (the helper is then killed).
    @discardableResult
    func wait(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while status == nil {
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid {
                status = mp_exit_code_from_wait_status(raw)
                return true
            }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &raw, 0)
                status = mp_exit_code_from_wait_status(raw)
                return false
            }
            usleep(5_000)
        }
        return true
    }

    /// The exit code (or -signal) once ended.
    var exitCode: Int32? { status }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }

    /// The `key=value` lines the helper printed (the last value wins).
    var values: [String: String] {
        var result: [String: String] = [:]
        for line in output.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            result[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return result
    }

    /// Every value printed under `key`, in order.
    func all(_ key: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            line.hasPrefix(key + "=") ? String(line.dropFirst(key.count + 1)) : nil
        }
    }

    /// Waits until the helper has printed a line for each key.
    func waitForValues(_ keys: [String], timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let known = values
            if keys.allSatisfy({ known[$0] != nil }) { return true }
            usleep(10_000)
        }
        return false
    }
}

/// Processes re-parented to this (subreaper) test process, other than the
/// helpers it started itself: whatever a helper left behind. They are reaped
/// (or killed and reaped) on the way, so one test's leak does not spill into
/// the next.
func leftoverChildren(grace: Double = 3) -> [pid_t] {
    let deadline = Date().addingTimeInterval(grace)
    var leftovers: [pid_t] = []
    repeat {
        leftovers = childrenOfThisProcess().filter { !isZombie($0) }
        if leftovers.isEmpty { break }
        usleep(20_000)
    } while Date() < deadline
    for pid in childrenOfThisProcess() {
        if !isZombie(pid) { kill(pid, SIGKILL) }
        reap(pid, within: 5)
    }
    return leftovers
}

/// Reaps `pid`, waiting at most `seconds`: a child stopped for a tracer
/// (this process, if a test traced it) ignores even SIGKILL, and a blocking
/// wait for it would hang the whole test run instead of failing one test.
private func reap(_ pid: pid_t, within seconds: Double) {
    let deadline = Date().addingTimeInterval(seconds)
    var raw: Int32 = 0
    while waitpid(pid, &raw, WNOHANG | __WALL) == 0 && Date() < deadline { usleep(10_000) }
}

func childrenOfThisProcess() -> [pid_t] {
    let me = getpid()
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { pid_t($0) }.filter { pid in
        guard let fields = statFields(pid), fields.count > 1 else { return false }
        return pid_t(fields[1]) == me
    }
}

func isZombie(_ pid: pid_t) -> Bool {
    statFields(pid)?.first == "Z"
}

/// Whether `pid` still exists as a running (not zombie) process.
func isRunning(_ pid: pid_t) -> Bool {
    guard let state = statFields(pid)?.first else { return false }
    return state != "Z" && state != "X"
}

/// The fields of /proc/PID/stat after the command name: state, ppid, ...
func statFields(_ pid: pid_t) -> [String]? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")") else { return nil }
    return text[text.index(close, offsetBy: 2)...].split(separator: " ").map(String.init)
}
