import Dispatch
import Glibc
import Multiprocessing

// mp-test-helper SCENARIO [START-METHOD]
//
// Each scenario is a small multiprocess program. It prints `key=value`
// lines that MultiprocessingTests read and check. The tests run it as a
// separate program because a spawned child is a fresh copy of the program,
// which must call MP.bootstrap() first: a test runner cannot.

let arguments = CommandLine.arguments
if arguments.count >= 2 && arguments[1] == "threads-before-bootstrap" {
    // Make the program multi-threaded before MP.bootstrap(), so the fork
    // server has to be spawned instead of forked.
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { _ = 1 }
    group.wait()
}
if !(arguments.count >= 2 && arguments[1] == "no-bootstrap") {
    var start = timespec()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    MP.bootstrap()
    clock_gettime(CLOCK_MONOTONIC, &end)
    if arguments.count >= 2 && arguments[1] == "tracker-cost" {
        let microseconds = Double(end.tv_sec - start.tv_sec) * 1e6 + Double(end.tv_nsec - start.tv_nsec) / 1e3
        print("bootstrap.us=\(microseconds)")
    }
}

func say(_ key: String, _ value: Any) {
    print("\(key)=\(value)")
    fflush(nil)
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func describe(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "ok"
    } catch {
        return "\(type(of: error)):\(error)"
    }
}

guard arguments.count >= 2 else {
    printError("usage: mp-test-helper SCENARIO [spawn|fork|forkserver]")
    exit(2)
}
let method = arguments.count >= 3 ? (try MP.StartMethod(parsing: arguments[2])) : MP.startMethod
let context = MP.context(method)

do {
    guard let scenario = try Scenarios.named(arguments[1]) else {
        printError("unknown scenario \(arguments[1])")
        exit(2)
    }
    try scenario(method, context)
} catch {
    print("error=\(type(of: error)):\(error)")
    exit(1)
}

if arguments[1] == "leave-nothing" && ending == "throw" {
    // The learner's crash: an error nobody catches ends the program with
    // "Fatal error: Error raised at top level".
    struct Uncaught: Error {}
    throw Uncaught()
}
