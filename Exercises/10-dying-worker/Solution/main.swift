import Glibc
import Multiprocessing

// Exercise 10, the reference solution: one result per order, in order,
// whether its worker answered or died.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// One order for a worker: a number N asks for the N-th Fibonacci number;
/// `exit=K` makes the worker call `exit(K)`; `kill` makes it send itself
/// SIGKILL. The last two never return.
enum Fibonacci: MP.PoolTask {
    static func run(_ order: String) throws -> Int {
        say("worker \(MP.currentProcess.pid) takes \(order)")
        usleep(50_000)  // a task takes a moment
        if order == "kill" {
            kill(getpid(), SIGKILL)
        }
        if order.hasPrefix("exit="), let code = Int32(order.dropFirst(5)) {
            exit(code)
        }
        guard let n = Int(order), (0...90).contains(n) else { throw BadOrder(order: order) }
        var (a, b) = (0, 1)
        for _ in 0..<n { (a, b) = (b, a + b) }
        return a
    }
}

/// An order that is neither a number from 0 to 90, `exit=K` nor `kill`.
struct BadOrder: Error, Codable {
    let order: String
}

let orders = Array(CommandLine.arguments.dropFirst())
say("main: \(orders.count) orders for a pool of 2 workers")
// The pool finishes every order before `withPool` returns; the outcomes
// are read only then. (Under fork, a dead worker's replacement is forked
// from the pool's own thread: if the main program were decoding an
// outcome at that moment, the new worker could start with one of the
// Swift runtime's locks held and no thread to release it, and hang.)
let outcomes = try MP.withPool(processes: 2) { pool in
    try pool.imap(Fibonacci.self, orders)
}
var answered = 0
var lost = 0
for (order, result) in zip(orders, outcomes) {
    do {
        say("\(order) -> \(try result.get())")
        answered += 1
    } catch let death as MP.WorkerLost {
        let how = death.exitCode < 0
            ? "was killed by signal \(-death.exitCode)" : "exited with code \(death.exitCode)"
        say("\(order) -> lost: its worker \(how)")
        lost += 1
    }
}
say("main: \(answered) answered, \(lost) lost with their workers")
