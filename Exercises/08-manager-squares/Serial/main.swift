import Glibc
import Multiprocessing

// Exercise 8 done in one process: the main program squares every element
// through the proxy itself and prints the squarers' lines. It must fail
// its grade: `workbook dev check` makes sure it does.

MP.bootstrap()

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let (n, processes) = (arguments[0], arguments[1])

try MP.withManager { manager in
    let numbers = try manager.list(Array(0..<n))
    print("main: a managed list holds 0 to \(n - 1); \(processes) squarers share it")
    for k in 1...processes {
        let mine = Array(stride(from: k - 1, to: n, by: processes))
        for index in mine {
            let value = try numbers.get(index)
            try numbers.set(index, value * value)
        }
        print("Squarer-\(k) (pid \(getpid())) squared elements \(mine.map(String.init).joined(separator: ", "))")
    }
    print("main: \(try numbers.toArray())")
}
