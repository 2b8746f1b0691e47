import ArgumentParser
import Workbook

/// The values of `--start-method`: one method, `all` (each in turn) or
/// `default` (the library's own, MP_START_METHOD unset). ArgumentParser
/// lists them in `--help` and rejects any other word.
enum StartMethodOption: String, ExpressibleByArgument, CaseIterable {
    case spawn, fork, forkserver, all
    case `default`

    /// The start methods to run under (`nil`: the library's default).
    var methods: [StartMethodChoice?] {
        switch self {
        case .all: return StartMethodChoice.allCases
        case .default: return [nil]
        case .spawn: return [.spawn]
        case .fork: return [.fork]
        case .forkserver: return [.forkserver]
        }
    }
}
