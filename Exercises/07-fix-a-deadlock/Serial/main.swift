import Glibc
import Multiprocessing

// Exercise 7 done in one process: no locks are needed, so no deadlock can
// happen, and the main program prints every transfer's lines itself. It
// must fail its grade: `workbook dev check` makes sure it does.

MP.bootstrap()

var balances: [String: Int32] = ["A": 100, "B": 100, "C": 100, "D": 100, "E": 100]
var orders: [(from: String, to: String, amount: Int32)] = []
for word in CommandLine.arguments.dropFirst() {
    let parts = word.split(separator: ":")
    let names = parts[0].split(separator: "-").map(String.init)
    orders.append((names[0], names[1], Int32(parts[1])!))
}
print("main: 5 accounts of 100 each; \(orders.count) transfers start together")
for (index, order) in orders.enumerated() {
    let (first, second) = order.from < order.to ? (order.from, order.to) : (order.to, order.from)
    print("transfer-\(index + 1) (pid \(getpid())) locks \(first), then \(second)")
    balances[order.from]! -= order.amount
    balances[order.to]! += order.amount
    print("transfer-\(index + 1) (pid \(getpid())) moved \(order.amount) from \(order.from) to \(order.to)")
}
print("main: balances " + ["A", "B", "C", "D", "E"].map { "\($0)=\(balances[$0]!)" }.joined(separator: " "))
print("main: total \(balances.values.map(Int.init).reduce(0, +))")
