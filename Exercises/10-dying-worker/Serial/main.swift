import Glibc
import Multiprocessing

// Exercise 10 done in one process: no worker ever dies, because the main
// program answers every order itself and prints the workers' lines and
// the losses by hand. It must fail its grade: `workbook dev check` makes
// sure it does.

MP.bootstrap()

let orders = Array(CommandLine.arguments.dropFirst())
print("main: \(orders.count) orders for a pool of 2 workers")
var answered = 0
var lost = 0
for order in orders {
    print("worker \(getpid()) takes \(order)")
    if order == "kill" {
        print("\(order) -> lost: its worker was killed by signal 9")
        lost += 1
    } else if order.hasPrefix("exit=") {
        print("\(order) -> lost: its worker exited with code \(order.dropFirst(5))")
        lost += 1
    } else if let n = Int(order) {
        var (a, b) = (0, 1)
        for _ in 0..<n { (a, b) = (b, a + b) }
        print("\(order) -> \(a)")
        answered += 1
    }
}
print("main: \(answered) answered, \(lost) lost with their workers")
