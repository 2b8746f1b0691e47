/// One process as the trace tells it: its start and exit events put together.
struct TracedProcess: Sendable, Equatable {
    var pid: Int32
    var ppid: Int32
    var name: String
    var method: String
    /// Whether the process wrote its own start event.
    var started: Bool
    /// From the exit event its parent wrote, if any.
    var exitCode: Int32?
    /// When it started and ended (seconds; in a witnessed run, from the
    /// run's start), when known.
    var start: Double? = nil
    var end: Double? = nil
    /// Its time on a CPU; known in witnessed runs only.
    var cpuMilliseconds: Double? = nil

    /// E.g. `Process-1 (pid 4242)`.
    var label: String { "\(name) (pid \(pid))" }
}

/// The processes of one run, from its trace events.
struct TraceProcessTable: Sendable {
    /// The main program (normally one; more if several runs share a file).
    private(set) var main: [TracedProcess] = []
    /// Every child, in the order the trace first mentions it.
    private(set) var children: [TracedProcess] = []

    init(events: [TraceEvent]) {
        var latest: [Int32: Int] = [:]
        for event in events {
            if event.isMain {
                if event.isStart {
                    main.append(TracedProcess(pid: event.pid, ppid: event.ppid, name: event.name,
                                              method: event.method, started: true, exitCode: nil))
                }
                continue
            }
            var fresh = TracedProcess(pid: event.pid, ppid: event.ppid, name: event.name, method: event.method,
                                      started: event.isStart, exitCode: event.isExit ? event.exitCode : nil)
            if event.isStart {
                fresh.start = event.time
                fresh.end = event.end
                fresh.cpuMilliseconds = event.cpuMilliseconds
            } else {
                fresh.end = event.time
            }
            if let index = latest[event.pid] {
                var known = children[index]
                // A second start for a pid already started is a new process
                // that was given a recycled pid.
                if event.isStart, !known.started {
                    known.started = true
                    known.start = event.time
                    known.cpuMilliseconds = event.cpuMilliseconds
                    children[index] = known
                    continue
                }
                if event.isExit, known.exitCode == nil {
                    known.exitCode = event.exitCode
                    known.end = known.end ?? event.time
                    children[index] = known
                    continue
                }
            }
            latest[event.pid] = children.count
            children.append(fresh)
        }
    }

    /// The child with this pid (the latest one, should a pid be recycled).
    func child(pid: Int32) -> TracedProcess? {
        children.last { $0.pid == pid }
    }

    /// Children that wrote a start event.
    var started: [TracedProcess] { children.filter(\.started) }
}
