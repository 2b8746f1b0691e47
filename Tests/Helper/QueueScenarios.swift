import Glibc
import Multiprocessing

/// Queues across processes.
let queueScenarios: [String: Scenario] = [:]
