import Glibc
import Multiprocessing

// Exercise 12 without long-running children: the main program prints the
// watchers' lines and the at-exit report itself, with made-up pids, so
// nothing is ever left to stop. It must fail its grade: `workbook dev
// check` makes sure it does.

MP.bootstrap()

let arguments = Array(CommandLine.arguments.dropFirst())
let count = Int(arguments[0])!
print("main: starting \(count) watchers")
for k in 1...count { print("Watcher-\(k) (pid \(getpid() + Int32(k))) is watching") }
func report() {
    print("main: at exit, \(count) children still running")
    for k in 1...count { print("main: terminated Watcher-\(k) (pid \(getpid() + Int32(k))), exit code -15") }
}
for job in arguments.dropFirst() {
    if job == "stop" {
        print("main: stop: ending the program now")
        report()
        exit(0)
    }
    let n = Int(job)!
    print("main: job \(n): \(n) squared is \(n * n)")
}
print("main: all jobs done")
report()
