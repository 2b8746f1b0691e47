import Glibc
import Multiprocessing

// Exercise 10: workers that die. The task is in exercise.md
// (`workbook read --exercise 10`); grade with `workbook grade 10`.

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
// TODO: `map` throws when one order's worker has died, and the program
// ends there with no answer printed. Get one outcome per order instead, in
// the order given, and read them here, after `withPool` has returned (the
// task says why). Print `ORDER -> VALUE` for the answered orders and
// `ORDER -> lost: its worker ...` for those whose worker died
// (MP.WorkerLost), then the count line.
let values = try MP.withPool(processes: 2) { pool in
    try pool.map(Fibonacci.self, orders)
}
for (order, value) in zip(orders, values) {
    say("\(order) -> \(value)")
}
say("main: \(values.count) answered, 0 lost with their workers")
