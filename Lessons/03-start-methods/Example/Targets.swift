import Dispatch
import Glibc
import Multiprocessing

// region: who-am-i
/// Reports who the child is, who its parent is, and what it sees in `greeting`.
enum WhoAmI: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        let me = MP.currentProcess
        let method = me.startMethod.map { "\($0)" } ?? "none"
        let parent = MP.parentProcess?.pid ?? -1
        say("\(method): child pid \(me.pid), parent pid \(parent), sees greeting \"\(greeting)\"")
        // The operating system's idea of the parent: under forkserver it is
        // the fork server, which forked the child on the main program's behalf.
        say("\(method): the operating system's parent is the main program: \(getppid() == parent)")
    }
}
// endregion: who-am-i

// region: uses-dispatch
/// Hands a block to Dispatch's global queue and waits for it to run.
enum UsesDispatch: MP.ProcessTarget {
    static func run(_ argument: MP.NoArgument) throws {
        let method = MP.currentProcess.startMethod.map { "\($0)" } ?? "none"
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            say("\(method) child: Dispatch ran a block for me")
            done.signal()
        }
        done.wait()
    }
}
// endregion: uses-dispatch
