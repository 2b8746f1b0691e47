import Glibc
import Multiprocessing

/// One registry of every scenario, by name. A name given twice stops the
/// helper before anything runs (exit 2, saying which name), so no scenario
/// can silently hide another.
enum Scenarios {
    /// Every file's scenarios, in one list.
    static let groups: [[(String, Scenario)]] = [
        processScenarios, synchronizeScenarios, queueScenarios, poolScenarios, managerScenarios,
        managerFuzzScenarios, managerFailureScenarios, sharedMemoryScenarios, trackerScenarios,
        floodScenarios, crashFlushScenarios,
    ]

    /// The scenario called `name`, or nil when there is none.
    static func named(_ name: String) throws -> Scenario? {
        try registry()[name]
    }

    /// A name registered twice.
    struct Duplicate: Error, CustomStringConvertible {
        let name: String
        var description: String { "the scenario name \(name) is registered twice" }
    }

    static func registry() throws -> [String: Scenario] {
        var all: [String: Scenario] = [:]
        for (name, scenario) in groups.joined() {
            guard all.updateValue(scenario, forKey: name) == nil else { throw Duplicate(name: name) }
        }
        return all
    }
}
