import Glibc
import Multiprocessing

/// Shared arrays, named segments, conditions and barriers across processes.
let sharedMemoryScenarios: [String: Scenario] = [:]
