import Glibc
import Multiprocessing

/// What the core leaves behind (nothing) however a program ends, and what
/// its resource tracker costs.
let trackerScenarios: [String: Scenario] = [
    "tracker-cost": { _, _ in
        // The cost of creating and unlinking a segment (main.swift prints
        // the cost of MP.bootstrap()).
        var samples: [Double] = []
        for _ in 0..<200 {
            let start = monotonicMicroseconds()
            let block = try MP.SharedMemory(create: true, size: 64)
            block.close()
            try block.unlink()
            samples.append(monotonicMicroseconds() - start)
        }
        say("segment.us", samples.sorted()[samples.count / 2])
    },
]

func monotonicMicroseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}
