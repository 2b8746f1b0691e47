import Glibc
import Multiprocessing

/// Kept alive until the program ends, however it ends: what a scenario
/// created must not be cleaned up by its deinit.
nonisolated(unsafe) var keptAlive: [AnyObject] = []

/// How a `leave-nothing` program ends: its third argument.
let ending = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : "normal"

/// What the core leaves behind (nothing) however a program ends, and what
/// its resource tracker costs.
let trackerScenarios: [(String, Scenario)] = [
    ("leave-nothing", { _, context in
        // A segment and a manager (folder and socket) of the program's own,
        // and a segment created by a child that is still running at the end.
        let segment = try MP.SharedMemory(create: true, size: 64)
        let manager = try MP.Manager(context: context)
        _ = try manager.list([1, 2, 3])
        keptAlive += [segment, manager]
        guard case let .unix(socket) = manager.address else { throw HelperFailure(message: "manager address") }
        let folder = String(socket[..<socket.lastIndex(of: "/")!])

        let holder = try startSegmentHolder(context)
        // A child that dies by SIGKILL while the program runs on: the
        // tracker removes its segment then, not at the program's end.
        let victim = try startSegmentHolder(context)
        try victim.process.kill()
        try victim.process.join()
        say("victim.segment.gone", waitUntil(timeout: 5) { !segmentExists(victim.segment) })
        say("victim.pid", victim.process.pid ?? 0)

        say("segment", segment.name)
        say("child.segment", holder.segment)
        say("child.pid", holder.process.pid ?? 0)
        say("folder", folder)
        say("socket", socket)
        say("created.exist", segmentExists(segment.name) && segmentExists(holder.segment)
            && access(folder, F_OK) == 0 && access(socket, F_OK) == 0)
        say("tracker", trackerPid() ?? 0)
        say("ready", true)
        switch ending {
        case "normal":
            try holder.release.send(true)
            try holder.process.join()
        case "throw":
            break  // main.swift throws at top level
        case "fatalError":
            fatalError("a learner's bug")
        default:
            sleep(60)  // until the test kills the program
        }
    }),
    ("crash-quick", { _, _ in
        let segment = try MP.SharedMemory(create: true, size: 64)
        keptAlive.append(segment)
        say("segment", segment.name)
        if ending == "SIGKILL" { kill(getpid(), SIGKILL) }
        fatalError("crash")
    }),
    ("tracker-cost", { _, _ in
        // The cost of creating and unlinking a segment (main.swift prints
        // the cost of MP.bootstrap()).
        var samples: [Double] = []
        for _ in 0..<200 {
            let start = monotonicMicroseconds()
            let block = try MP.SharedMemory(create: true, size: 64)
            block.close()
            try block.unlink()
            samples.append(monotonicMicroseconds() - start)
        }
        say("segment.us", samples.sorted()[samples.count / 2])
    }),
]

/// Creates a segment in a child, which says its name and then waits to be released.
struct SegmentHolderOrder: Codable {
    var connection: MP.Connection
}

enum SegmentHolder: MP.ProcessTarget {
    static func run(_ order: SegmentHolderOrder) throws {
        let own = try MP.SharedMemory(create: true, size: 16)
        try order.connection.send(own.name)
        _ = try order.connection.recv(Bool.self)
    }
}

func startSegmentHolder(_ context: MP.Context) throws
    -> (process: MP.Process, segment: String, release: MP.Connection)
{
    let (mine, theirs) = try MP.Pipe()
    let process = context.process(target: SegmentHolder.self, argument: SegmentHolderOrder(connection: theirs))
    try process.start()
    theirs.close()
    keptAlive.append(process)
    return (process, try mine.recv(String.self), mine)
}

/// This program's resource tracker: its child named mp-tracker.
func trackerPid() -> Int32? {
    guard let directory = opendir("/proc") else { return nil }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = Int32(name), let file = fopen("/proc/\(pid)/stat", "r") else { continue }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        guard fgets(&line, 512, file) != nil else { continue }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.contains("(mp-tracker)"), let close = text.lastIndex(of: ")") {
            let fields = text[text.index(close, offsetBy: 2)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == getpid() { return pid }
        }
    }
    return nil
}

func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = monotonicMicroseconds() + timeout * 1e6
    while !condition() {
        if monotonicMicroseconds() > deadline { return false }
        usleep(10_000)
    }
    return true
}

func monotonicMicroseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}
