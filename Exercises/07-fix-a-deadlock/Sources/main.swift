import Glibc
import Multiprocessing

// Exercise 7: fix a deadlock. The task is in exercise.md
// (`workbook read --exercise 7`); grade with `workbook grade 7`.

MP.bootstrap()

/// Prints a line and hands it to the operating system at once.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// Sleeps for `seconds`.
func nap(_ seconds: Double) {
    usleep(UInt32(seconds * 1_000_000))
}

/// A bank account in shared memory, with the lock that guards it.
struct Account: Codable {
    let name: String
    let lock: MP.Lock
    let balance: MP.Value<Int32>
}

/// What one transfer process is handed.
struct Transfer: Codable {
    let from: Account
    let to: Account
    let amount: Int32
    /// Every transfer waits here until all of them have started.
    let startLine: MP.Barrier
}

/// Moves the money while holding both accounts' locks.
enum Move: MP.ProcessTarget {
    /// How long a transfer waits for a lock before it gives up. (A static
    /// property, not a top-level `let`: a spawned child never runs the main
    /// program's top-level code, so a top-level constant would be 0 there.)
    static let patience = 3.0

    static func run(_ transfer: Transfer) throws {
        let me = "\(MP.currentProcess.name) (pid \(MP.currentProcess.pid))"
        // TODO: this order is the bug. A transfer from A to B locks A, then B;
        // one from B to A locks B, then A. Run at the same time, each can hold
        // the lock the other waits for. Pick one order that every transfer
        // follows, whichever way its money moves.
        let (first, second) = (transfer.from, transfer.to)
        _ = try transfer.startLine.wait()
        say("\(me) locks \(first.name), then \(second.name)")
        guard try first.lock.acquire(timeout: patience) else {
            say("\(me) waited \(patience) s for lock \(first.name) and gave up")
            return
        }
        defer { try? first.lock.release() }
        nap(0.3)  // the transfer looks at the first account before it reaches for the second
        guard try second.lock.acquire(timeout: patience) else {
            say("\(me) holds lock \(first.name), waited \(patience) s for lock \(second.name) and gave up")
            return
        }
        defer { try? second.lock.release() }
        transfer.from.balance.value -= transfer.amount
        transfer.to.balance.value += transfer.amount
        say("\(me) moved \(transfer.amount) from \(transfer.from.name) to \(transfer.to.name)")
    }
}

// Five accounts, A to E, of 100 each.
let accounts = try ["A", "B", "C", "D", "E"].map { name in
    Account(name: name, lock: try MP.Lock(), balance: try MP.Value<Int32>(100))
}

/// "A-B:30" -> (A, B, 30).
func parse(_ word: String) -> (from: Account, to: Account, amount: Int32)? {
    let parts = word.split(separator: ":")
    guard parts.count == 2, let amount = Int32(parts[1]) else { return nil }
    let names = parts[0].split(separator: "-").map(String.init)
    guard names.count == 2, names[0] != names[1],
          let from = accounts.first(where: { $0.name == names[0] }),
          let to = accounts.first(where: { $0.name == names[1] }) else { return nil }
    return (from, to, amount)
}

let words = CommandLine.arguments.dropFirst()
let orders = words.compactMap(parse)
guard orders.count == words.count, !orders.isEmpty else {
    say("usage: give transfers like A-B:30 (from A to B, 30), between accounts A to E")
    exit(2)
}

let startLine = try MP.Barrier(parties: orders.count, timeout: 10)
say("main: 5 accounts of 100 each; \(orders.count) transfers start together")
let transfers = orders.enumerated().map { index, order in
    MP.Process(
        target: Move.self,
        argument: Transfer(from: order.from, to: order.to, amount: order.amount, startLine: startLine),
        name: "transfer-\(index + 1)")
}
for transfer in transfers { try transfer.start() }
for transfer in transfers { try transfer.join() }
say("main: balances " + accounts.map { "\($0.name)=\($0.balance.value)" }.joined(separator: " "))
say("main: total \(accounts.map { Int($0.balance.value) }.reduce(0, +))")
