import Glibc
import Multiprocessing

// region: waiting-targets
/// What a reporter gets: the sending end of its own one-way pipe, and how
/// long to nap before it reports.
struct Report: Codable {
    var end: MP.Connection
    var delay: Double
}

/// Naps, then sends one line through its one-way pipe.
enum Reporter: MP.ProcessTarget {
    static func run(_ report: Report) throws {
        nap(report.delay)
        say("\(whoAmI()): sending my report after \(report.delay) s")
        try report.end.send("ready after \(report.delay) s")
        report.end.close()
    }
}

/// Sends nothing at all: naps, then exits with code 3.
enum Quitter: MP.ProcessTarget {
    static func run(_ delay: Double) throws {
        nap(delay)
        say("\(whoAmI()): exiting with code 3, without a word")
        exit(3)
    }
}
// endregion: waiting-targets
