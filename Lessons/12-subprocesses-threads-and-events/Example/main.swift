import Foundation
import Multiprocessing

// region: bootstrap
MP.bootstrap()
// endregion: bootstrap

// region: switch
say("main (pid \(getpid())): the same map, first on processes, then on threads")
let onProcesses = try WithProcesses.squares()
say("main: on processes: \(onProcesses)")
let onThreads = try WithThreads.squares()
say("main: on threads: \(onThreads)")
// endregion: switch

// region: run-two
let uname = try runAndCapture("uname", ["-sr"])
say("main: `uname -sr` (pid \(uname.pid)) printed \"\(chomp(uname.output))\" and exited with status \(uname.status)")
let ls = try runAndCapture("ls", ["/no/such/folder"])
say("main: `ls /no/such/folder` (pid \(ls.pid)) printed \(ls.output.count) bytes on stdout and exited with status \(ls.status)")
say("main: its stderr said \"\(chomp(ls.errors))\"")
// endregion: run-two

// region: stream
let script = """
    echo "sh: my pid is $$"
    for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; sleep 0.1; done
    exit 3
    """
let shell = Process()
shell.executableURL = URL(fileURLWithPath: "/bin/sh")
shell.arguments = ["-c", script]
let shellOut = Pipe()
let shellErr = Pipe()
shell.standardOutput = shellOut
shell.standardError = shellErr
try shell.run()
say("main: started sh (pid \(shell.processIdentifier)) without waiting for it; running: \(shell.isRunning)")

let lines = try MP.Threads.Queue<Line>()
let stop = try MP.Threads.Event()
let relayed = Counter()
let readers = [("stdout", shellOut), ("stderr", shellErr)].map { stream, pipe in
    MP.Threads.Process(name: "\(stream)-reader") {
        try forEachLine(of: pipe.fileHandleForReading) { try lines.put(Line(stream: stream, text: $0)) }
    }
}
let printer = MP.Threads.Process(name: "printer") {
    while true {
        if let line = try? lines.get(timeout: 0.05) {
            say("printer: [\(line.stream)] \(line.text)")
            relayed.add()
        } else if stop.isSet && lines.isEmpty {
            break
        }
    }
}
for thread in readers + [printer] { try thread.start() }

shell.waitUntilExit()                    // the command has ended...
for reader in readers { try reader.join() }  // ...and both readers met end of file,
stop.set()                               // so the printer may stop once the queue is empty
try printer.join()
say("main: sh exited with status \(shell.terminationStatus); the printer relayed \(relayed.total) lines")
// endregion: stream

// region: fetch
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chapter-12-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let urls = try MP.Threads.JoinableQueue<URL>()
for n in 1...6 {
    let url = folder.appendingPathComponent("page-\(n).txt")
    try String(repeating: "page \(n)\n", count: n).write(to: url, atomically: true, encoding: .utf8)
    try urls.put(url)
}
let done = try MP.Threads.Event()
let tally = Tally()
let fetchers = (1...3).map { n in
    MP.Threads.Process(name: "Fetcher-\(n)") { try fetch(FetchJob(urls: urls, stop: done, fetched: tally)) }
}
say("main: 6 file URLs on the queue for \(fetchers.count) fetcher threads")
for fetcher in fetchers { try fetcher.start() }
urls.join()  // every URL taken and marked done
say("main: the queue has drained (join returned); setting the stop event")
done.set()
for fetcher in fetchers { try fetcher.join() }
let counts = tally.all
say("main: pages per fetcher: " + counts.keys.sorted().map { "\($0): \(counts[$0]!)" }.joined(separator: ", "))
say("main: \(counts.values.reduce(0, +)) pages fetched by threads of this one process (pid \(getpid()))")
// endregion: fetch
