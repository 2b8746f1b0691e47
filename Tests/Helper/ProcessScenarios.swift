import Dispatch
import Glibc
import Multiprocessing

/// The first part of the core: processes, their names, exit codes, daemons,
/// descriptors and start methods.
let processScenarios: [(String, Scenario)] = [
    ("lifecycle", { method, context in
        let p = context.process(target: Sleeper.self, argument: 0.3)
        say("before.pid", String(describing: p.pid))
        say("before.alive", p.isAlive)
        say("before.exitCode", String(describing: p.exitCode))
        say("before.name", p.name)
        say("before.join", describe { try p.join() })
        try p.start()
        say("running.alive", p.isAlive)
        say("running.pid.positive", (p.pid ?? 0) > 0)
        say("running.exitCode", String(describing: p.exitCode))
        say("running.close", describe { try p.close() })
        say("start.again", describe { try p.start() })
        try p.join()
        say("after.alive", p.isAlive)
        say("after.exitCode", String(describing: p.exitCode))
        let pidBeforeClose = p.pid
        try p.close()
        say("close.again", describe { try p.close() })
        say("closed.name", p.name)
        say("closed.pid.kept", p.pid == pidBeforeClose && p.pid != nil)
        say("closed.alive", p.isAlive)
        say("closed.exitCode", String(describing: p.exitCode))
        say("closed.daemon", p.daemon)
        say("closed.join", describe { try p.join() })
        say("closed.start", describe { try p.start() })
        say("closed.terminate", describe { try p.terminate() })
        say("closed.kill", describe { try p.kill() })
        say("closed.sentinel", describe { _ = try p.sentinel })
        say("closed.setDaemon", describe { try p.setDaemon(true) })

    }),
    ("exit-codes", { method, context in
        let returns = context.process(target: Nothing.self)
        let exits = context.process(target: Exiter.self, argument: 7)
        let throwsError = context.process(target: Thrower.self, argument: "the target gave up")
        let terminated = context.process(target: Sleeper.self, argument: 30)
        let killed = context.process(target: Sleeper.self, argument: 30)
        for p in [returns, exits, throwsError, terminated, killed] { try p.start() }
        usleep(200_000)
        try terminated.terminate()
        try killed.kill()
        for p in [returns, exits, throwsError, terminated, killed] { try p.join() }
        say("return", returns.exitCode!)
        say("exit", exits.exitCode!)
        say("throw", throwsError.exitCode!)
        say("terminate", terminated.exitCode!)
        say("kill", killed.exitCode!)
        say("terminate.again", describe { try terminated.terminate() })

    }),
    ("join-timeout", { method, context in
        let p = context.process(target: Sleeper.self, argument: 30)
        try p.start()
        let started = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        let ended = try p.join(timeout: 0.3)
        let waited = Double(DispatchTime.now().uptimeNanoseconds) / 1e9 - started
        say("ended", ended)
        say("waited.ms", Int(waited * 1000))
        say("alive", p.isAlive)
        try p.terminate()
        say("ended.after.terminate", try p.join(timeout: 5))
        say("exitCode", p.exitCode!)

    }),
    ("names", { method, context in
        let (mine, theirs) = try MP.Pipe()
        let first = context.process(target: Reporter.self, argument: theirs)
        let second = context.process(target: NestedReporter.self, argument: theirs)
        let custom = context.process(target: Reporter.self, argument: theirs, name: "worker-a")
        say("main.name", MP.currentProcess.name)
        say("main.pid", getpid())
        say("main.parent", String(describing: MP.parentProcess))
        say("declared", [first.name, second.name, custom.name].joined(separator: ","))
        for p in [first, second, custom] {
            try p.start()
            try p.join()
        }
        let a = try mine.recv(Report.self)
        let nested = try mine.recv([Report].self)
        let c = try mine.recv(Report.self)
        for (label, report) in [("first", a), ("second", nested[0]), ("grandchild", nested[1]), ("custom", c)] {
            say("\(label).name", report.name)
            say("\(label).identity", report.identity.map(String.init).joined(separator: ":"))
            say("\(label).parentPid", report.parentPid.map { String($0) } ?? "nil")
            say("\(label).parentName", report.parentName ?? "nil")
            say("\(label).method", report.method ?? "nil")
            say("\(label).pid", report.pid)
            say("\(label).realParentPid", report.realParentPid)
        }
        say("first.pid.matches", a.pid == (first.pid))

    }),
    ("closure", { method, context in
        let (mine, theirs) = try MP.Pipe()
        let p = context.process {
            try theirs.send("hello from a closure in \(MP.currentProcess.name)")
        }
        say("start", describe { try p.start() })
        if method == .fork {
            say("message", try mine.recv(String.self))
            try p.join()
            say("exitCode", p.exitCode!)
        }

    }),
    ("no-bootstrap", { method, context in
        let p = MP.Process(target: Nothing.self)
        say("start", describe { try p.start() })

    }),
    ("daemon", { method, context in
        // A daemon child must be terminated when this program exits; a
        // normal child must be waited for.
        let daemon = context.process(target: LongSleeper.self, argument: "daemon", daemon: true)
        let normal = context.process(target: Sleeper.self, argument: 0.5)
        say("daemon.flag", daemon.daemon)
        try daemon.start()
        try normal.start()
        say("setDaemon.after.start", describe { try normal.setDaemon(true) })
        say("normal.pid", normal.pid!)
        say("daemon", daemon.pid!)
        usleep(100_000)
        // Leave without joining anything.

    }),
    ("orphans", { method, context in
        // The test kills this program with SIGKILL: every process below it must go.
        let child = context.process(target: SleeperParent.self)
        let other = context.process(target: LongSleeper.self, argument: "sibling")
        try child.start()
        try other.start()
        sleep(120)

    }),
    ("zombies", { method, context in
        var processes: [MP.Process] = []
        for _ in 0..<5 {
            let p = context.process(target: Nothing.self)
            try p.start()
            processes.append(p)
        }
        usleep(500_000)
        say("active", MP.activeChildren().count)
        let zombies = zombieChildren()
        say("zombies", zombies.count)
        say("exitCodes", processes.map { String($0.exitCode ?? 99) }.joined(separator: ","))

    }),
    ("descriptors", { method, context in
        let before = openDescriptors()
        for _ in 0..<3 {
            let (mine, theirs) = try MP.Pipe()
            let p = context.process(target: DescriptorReporter.self, argument: theirs)
            try p.start()
            let inChild = try mine.recv([Int32].self)
            say("child", inChild.map(String.init).joined(separator: ","))
            try p.join()
            try p.close()
            mine.close()
            theirs.close()
        }
        let after = openDescriptors()
        say("before", before.map(String.init).joined(separator: ","))
        say("after", after.map(String.init).joined(separator: ","))

    }),
    ("big-message", { method, context in
        let (mine, theirs) = try MP.Pipe()
        let p = context.process(target: Echo.self, argument: theirs)
        try p.start()
        theirs.close()
        var big = [UInt8](repeating: 0, count: 16 << 20)
        for i in big.indices { big[i] = UInt8(truncatingIfNeeded: i &* 31 &+ i >> 8) }
        try mine.sendBytes(big)
        let back = try mine.recvBytes()
        say("length", back.count)
        say("equal", back == big)
        try mine.sendBytes([UInt8]())
        say("empty", try mine.recvBytes().count)
        try mine.send("after")
        say("after", try mine.recv(String.self))
        mine.close()
        try p.join()
        say("exitCode", p.exitCode!)

    }),
    ("one-way-handover", { method, context in
        let (receiver, sender) = try MP.Pipe(duplex: false)
        let p = context.process(target: Reporter.self, argument: sender)
        try p.start()
        sender.close()
        say("report.name", try receiver.recv(Report.self).name)
        try p.join()
        say("eof", describe { _ = try receiver.recv(Report.self) })

    }),
    ("concurrency", { method, context in
        // Make this program use Dispatch and Swift concurrency first.
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {}
        group.wait()
        let (mine, theirs) = try MP.Pipe()
        let p = context.process(target: ConcurrencyUser.self, argument: theirs)
        try p.start()
        let result = try mine.recv([Int].self)
        try p.join()
        say("result", result.map(String.init).joined(separator: ","))
        say("exitCode", p.exitCode!)

    }),
    ("threads-before-bootstrap", { method, context in
        let (mine, theirs) = try MP.Pipe()
        let p = context.process(target: Reporter.self, argument: theirs)
        try p.start()
        let report = try mine.recv(Report.self)
        try p.join()
        say("name", report.name)
        say("method", report.method ?? "nil")
        say("exitCode", p.exitCode!)

    }),
    ("fork-warning", { method, context in
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {}
        group.wait()
        for _ in 0..<2 {
            let p = context.process(target: Nothing.self)
            try p.start()
            try p.join()
            say("exitCode", p.exitCode!)
        }

    }),
    ("fork-warning-busy", { method, context in
        // A Pool and a Manager run threads in this process; then three starts.
        // The manager's server is not forked from this threaded process: a
        // server that big could hang in the fork child, which is the very
        // hazard the warning is about.
        let pool = try MP.Pool(processes: 2, context: context)
        let manager = try MP.Manager(context: MP.context(.forkserver))
        for _ in 0..<3 {
            let p = context.process(target: Nothing.self)
            try p.start()
            try p.join()
            say("exitCode", p.exitCode!)
        }
        manager.shutdown()
        pool.close()
        try pool.join()

    }),
    ("wait", { method, context in
        let (mine, theirs) = try MP.Pipe()
        let (quiet, quietOtherEnd) = try MP.Pipe()
        let sleeper = context.process(target: Sleeper.self, argument: 0.4)
        try sleeper.start()
        let sentinel = try sleeper.sentinel
        say("timeout.count", try MP.wait([mine, quiet, sentinel], timeout: 0.1).count)
        try theirs.send(1)
        let ready = try MP.wait([mine, quiet, sentinel], timeout: 5)
        say("ready.pipe", ready.count == 1 && ready[0] === mine)
        _ = try mine.recv(Int.self)
        let ended = try MP.wait([mine, quiet, sentinel], timeout: 5)
        say("ready.sentinel", ended.count == 1 && ended[0] === sentinel)
        try sleeper.join()
        say("exitCode", sleeper.exitCode!)
        quietOtherEnd.close()

    }),
    ("family", { method, context in
        let first = context.process(target: Sleeper.self, argument: 0.5)
        let second = context.process(target: Sleeper.self, argument: 0.5)
        say("terminate.before.start", describe { try first.terminate() })
        try first.start()
        try second.start()
        let active = MP.activeChildren()
        say("active.count", active.count)
        say("active.names", active.map { $0.name }.sorted().joined(separator: ","))
        let (mine, theirs) = try MP.Pipe()
        let asker = context.process(target: ParentChecker.self, argument: theirs)
        try asker.start()
        say("child.sees.parent.alive", try mine.recv(Bool.self))
        try asker.join()
        if method == .fork {
            let sibling = context.process {
                try theirs.send(describe { try first.join() })
            }
            try sibling.start()
            say("sibling.join", try mine.recv(String.self))
            try sibling.join()
        }
        try first.join()
        try second.join()
        say("active.after", MP.activeChildren().count)

    }),
    ("start-method", { method, context in
        say("default", MP.startMethod)
        say("set.again", describe { try MP.setStartMethod(.spawn) })
        say("set.force", describe { try MP.setStartMethod(.spawn, force: true) })
        say("now", MP.startMethod)
        say("context", MP.context(.fork).startMethod)
        say("cpuCount.positive", MP.cpuCount > 0)
        say("unknown", describe { _ = try MP.StartMethod(parsing: "vfork") })
    }),
]

/// Children of this process that are zombies (ended, not reaped).
func zombieChildren() -> [Int32] {
    guard let directory = opendir("/proc") else { return [] }
    defer { closedir(directory) }
    var found: [Int32] = []
    let me = getpid()
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        guard let pid = Int32(name), let stat = readFile("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
        if fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me { found.append(pid) }
    }
    return found
}

func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = fread(&buffer, 1, buffer.count - 1, file)
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
