import Glibc
import Multiprocessing

// The demo: one child under each start method, each reporting who it is
// and who its parent is, then the closure rule and a killed child.
MP.bootstrap()

/// What a child tells the parent about itself.
struct Introduction: Codable {
    var name: String
    var pid: Int32
    var parentPid: Int32
    var realParentPid: Int32
    var method: String
}

/// The named target every start method can run: it introduces itself
/// through the connection it was handed.
enum Introduce: MP.ProcessTarget {
    static func run(_ connection: MP.Connection) throws {
        let me = MP.currentProcess
        try connection.send(Introduction(
            name: me.name, pid: me.pid, parentPid: MP.parentProcess?.pid ?? -1, realParentPid: getppid(),
            method: me.startMethod?.rawValue ?? "none"))
    }
}

enum Nap: MP.ProcessTarget {
    static func run(_ seconds: Double) throws {
        usleep(UInt32(seconds * 1_000_000))
    }
}

do {
    print("MainProcess pid \(getpid()); default start method: \(MP.startMethod)")
    for method in MP.StartMethod.allCases {
        let context = MP.context(method)
        let (here, there) = try context.pipe()
        let child = context.process(target: Introduce.self, argument: there)
        try child.start()
        there.close()
        let intro = try here.recv(Introduction.self)
        try child.join()
        print("""
            \(method): \(intro.name) ran as pid \(intro.pid); its parent is pid \(intro.parentPid)\
            \(intro.realParentPid != intro.parentPid ? " (forked for it by the fork server, pid \(intro.realParentPid))" : ""); \
            exit code \(child.exitCode!)
            """)
    }

    let closure = MP.context(.fork).process { print("fork: a closure runs in \(MP.currentProcess.name)") }
    try closure.start()
    try closure.join()
    do {
        try MP.context(.spawn).process { print("never printed") }.start()
    } catch {
        print("spawn refuses a closure: \(error)")
    }

    let sleeper = MP.Process(target: Nap.self, argument: 60)
    try sleeper.start()
    try sleeper.kill()
    try sleeper.join()
    print("a child killed with SIGKILL has exit code \(sleeper.exitCode!)")
} catch {
    print("error: \(error)")
    exit(1)
}
