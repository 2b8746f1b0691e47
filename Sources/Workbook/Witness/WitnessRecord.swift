import Foundation

/// What the kernel showed the workbook about one run: every process, and
/// every write to standard output and error with the process that made it.
///
/// The example cannot write this record. The runner builds it from ptrace
/// stops (see `Docs/witness.md`); the core's `MP_TRACE_FILE` is only used to
/// name a forkserver child's logical parent, and only when the kernel's
/// record agrees the claimed parent was a process of the run.
public struct WitnessRecord: Sendable {
    /// Whether the run was witnessed. When false, `unwitnessedReason` says
    /// why, and the checks fall back on what the example itself wrote.
    public var witnessed: Bool
    /// Why the run could not be witnessed (e.g. ptrace not allowed here).
    public var unwitnessedReason: String?
    /// The pid of the example's main program.
    public var rootPid: Int32
    /// Every process of the run, in the order the witness first saw it.
    public var processes: [WitnessedProcess]
    /// Every completed write to fd 1 or 2, in the order they completed.
    public var writes: [WitnessedWrite]
    /// Bytes that reached standard output or error in ways the witness
    /// could not read (sendfile, splice, a copy of the descriptor).
    public var opaqueBytes: Int

    /// A record of a run that was not witnessed.
    public static func unwitnessed(rootPid: Int32, reason: String) -> WitnessRecord {
        WitnessRecord(witnessed: false, unwitnessedReason: reason, rootPid: rootPid, processes: [], writes: [], opaqueBytes: 0)
    }
}

/// One process of a witnessed run.
public struct WitnessedProcess: Sendable, Equatable {
    /// Its pid.
    public var pid: Int32
    /// The process that forked it.
    public var parent: Int32
    /// Seconds from the start of the run to its birth.
    public var start: Double
    /// Seconds from the start of the run to its end; nil if it never ended.
    public var end: Double?
    /// Python's convention: the code it exited with, or -N after signal N.
    public var exitCode: Int32?
    /// Whether it replaced its program (execve) after it was born.
    public var execed: Bool
    /// Time it spent on a CPU, over all its threads.
    public var cpuMilliseconds: Double
    /// The kernel's name for it (`comm`, at most 15 bytes), which the core
    /// sets to the process's name.
    public var name: String
}

/// One write to standard output (fd 1) or error (fd 2).
public struct WitnessedWrite: Sendable, Equatable {
    /// The process that made it.
    public var pid: Int32
    /// 1 or 2.
    public var fd: Int32
    /// The bytes written (as many as the witness kept).
    public var bytes: [UInt8]
}

extension WitnessRecord {
    /// Names the core gives its own helper processes, which are not
    /// processes the example started.
    static let infrastructureNames: Set<String> = ["mp-forkserver", "mp-tracker"]

    /// The output written to `fd`, rebuilt as lines, each with the process
    /// that wrote it. A process's bytes form lines of their own, so two
    /// writers can never make one line together; a line takes its place in
    /// the output when its newline is written.
    public func lines(fd: Int32 = 1) -> (text: String, writers: [Int32?]) {
        var pending: [Int32: [UInt8]] = [:]
        var order: [Int32] = []
        var text: [UInt8] = []
        var writers: [Int32?] = []
        for write in writes where write.fd == fd {
            var partial = pending[write.pid] ?? []
            for byte in write.bytes {
                if byte == 10 {
                    text.append(contentsOf: partial)
                    text.append(10)
                    writers.append(write.pid)
                    partial.removeAll(keepingCapacity: true)
                } else {
                    partial.append(byte)
                }
            }
            pending[write.pid] = partial
            order.removeAll { $0 == write.pid }
            if !partial.isEmpty { order.append(write.pid) }
        }
        // Lines never ended by a newline come last, in the order their last byte was written.
        for pid in order {
            guard let partial = pending[pid], !partial.isEmpty else { continue }
            text.append(contentsOf: partial)
            text.append(10)
            writers.append(pid)
        }
        return (String(decoding: text, as: UTF8.self), writers)
    }

    /// Bytes the witness saw written to `fd`.
    public func witnessedBytes(fd: Int32 = 1) -> Int {
        writes.lazy.filter { $0.fd == fd }.reduce(0) { $0 + $1.bytes.count }
    }

    /// The run's processes as trace events, for the checks: a `start` event
    /// for each (the main program's with method `main`) and an `exit` event
    /// for each that ended. The core's helper processes (the fork server,
    /// the tracker) are left out.
    ///
    /// - Parameter core: the trace the example's core wrote, used only to
    ///   name the logical parent of a fork server's child (the process that
    ///   asked for it) and a name longer than the kernel keeps, each only
    ///   when it agrees with what the kernel saw.
    public func traceEvents(core: [TraceEvent]) -> [TraceEvent] {
        let byPid = Dictionary(processes.map { ($0.pid, $0) }, uniquingKeysWith: { $1 })
        let coreStarts = Dictionary(core.filter(\.isStart).map { ($0.pid, $0) }, uniquingKeysWith: { $1 })
        func isInfrastructure(_ process: WitnessedProcess) -> Bool {
            Self.infrastructureNames.contains(process.name)
        }
        var events: [TraceEvent] = []
        for process in processes {
            if process.pid == rootPid {
                events.append(TraceEvent(event: "start", pid: process.pid, ppid: process.parent, name: "MainProcess",
                                         method: "main", time: process.start))
                continue
            }
            if isInfrastructure(process) { continue }
            var parent = process.parent
            var method = process.execed ? "spawn" : "fork"
            if let server = byPid[process.parent], server.name == "mp-forkserver" {
                method = "forkserver"
                parent = server.parent
                if let claimed = coreStarts[process.pid]?.ppid, let asker = byPid[claimed], !isInfrastructure(asker),
                   asker.start <= process.start, (asker.end ?? .infinity) >= process.start {
                    parent = claimed
                }
            }
            var name = process.name
            if let claimed = coreStarts[process.pid]?.name, claimed.count > name.count,
               name.count >= 15, claimed.hasPrefix(name) {
                name = claimed
            }
            var start = TraceEvent(event: "start", pid: process.pid, ppid: parent, name: name, method: method,
                                   time: process.start)
            start.cpuMilliseconds = process.cpuMilliseconds
            start.end = process.end
            events.append(start)
            if let code = process.exitCode {
                events.append(TraceEvent(event: "exit", pid: process.pid, ppid: parent, name: name, method: method,
                                         exitCode: code, time: process.end ?? process.start))
            }
        }
        return events
    }
}
