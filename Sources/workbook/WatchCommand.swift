import ArgumentParser
import Foundation
import Workbook

/// `workbook watch`: regrade the current exercise on every save.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch your current exercise: every save of its sources regrades it.",
        discussion: """
        The current exercise is the one named, else the first (in course order) \
        that has not passed. Each time a file in its Sources/ folder is saved \
        (editors that save by writing a new file and renaming it are noticed \
        too) it is built and graded again. Keys, each followed by Enter when \
        the input is not a terminal:
          n   next exercise        h   the next hint
          l   the list             g   grade again now
          q   quit

        Examples:
          workbook watch
          workbook watch 3
        """
    )

    @Argument(help: ArgumentHelp("The exercise to start with (default: the first not passed).", valueName: "exercise"))
    var exercise: String?

    @Option(name: .long, help: ArgumentHelp("Start methods to grade under (default: all).", valueName: "method"))
    var startMethod: StartMethodOption = .all

    @Option(name: .long, help: ArgumentHelp("Seconds between checks for saved files.", valueName: "seconds"))
    var interval = 0.5

    @Option(name: .long, help: ArgumentHelp("Do not build; use the binaries in this folder.", valueName: "dir"))
    var binaries: String?

    @OptionGroup var location: LocationOptions

    func validate() throws {
        guard interval >= 0.05, interval <= 60 else { throw ValidationError("--interval must be from 0.05 to 60 seconds") }
    }

    func run() throws {
        let root = try location.packageRoot()
        let catalog = Catalog(root: root)
        let all = try reportingFailures { try catalog.exercises() }
        guard !all.isEmpty else {
            print("There are no exercises yet.")
            return
        }
        let ordered = all.sorted { ($0.chapter, $0.number) < ($1.chapter, $1.number) }
        var index: Int
        if let exercise {
            let found = try reportingFailures { try catalog.exercise(matching: exercise) }
            index = ordered.firstIndex { $0.name == found.name } ?? 0
        } else {
            let progress = location.loadProgress(root: root)
            index = ordered.firstIndex { (progress.exercises[$0.slug]?.passes ?? 0) == 0 } ?? 0
        }
        let methods = startMethod.methods
        let grader = LearnerGrade(root: root, location: location, binaries: binaries)
        let keys = KeyReader()
        defer { keys.restore() }

        func gradeCurrent() {
            let current = ordered[index]
            if keys.isTerminal { print("\u{1B}[2J\u{1B}[H", terminator: "") }
            _ = try? grader.grade(current, methods: methods)
            print("\nWatching \(displayPath(current.sourcesFolder)) — keys: n next, h hint, l list, g grade, q quit")
            fflush(nil)
        }
        var watcher = SourceWatcher(folder: ordered[index].sourcesFolder)
        gradeCurrent()
        while true {
            if let key = keys.next(timeout: interval) {
                switch key {
                case "q":
                    print("Stopped watching.")
                    return
                case "n":
                    index = (index + 1) % ordered.count
                    watcher = SourceWatcher(folder: ordered[index].sourcesFolder)
                    gradeCurrent()
                case "h":
                    showHint(ordered[index], root: root)
                case "l":
                    try? ListCommand.parse(["--root", root.path] + (location.progressFile.map { ["--progress-file", $0] } ?? [])).run()
                case "g":
                    gradeCurrent()
                default:
                    break
                }
            }
            if watcher.changed() {
                // An editor may write in several steps; let the save settle.
                usleep(150_000)
                _ = watcher.changed()
                gradeCurrent()
            }
        }
    }

    private func showHint(_ exercise: Exercise, root: URL) {
        guard !exercise.hints.isEmpty else {
            print("Exercise \(exercise.number) has no hints.")
            return
        }
        let shown = location.hintsShown(of: exercise, root: root, revealingOneMore: true)
        print("Hint \(shown) of \(exercise.hints.count): \(exercise.hints[shown - 1])")
        fflush(nil)
    }
}

/// Reads one key at a time: raw mode on a terminal, lines otherwise.
final class KeyReader {
    let isTerminal = isatty(0) == 1
    private var saved = termios()
    private var ended = false

    init() {
        if isTerminal, tcgetattr(0, &saved) == 0 {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            _ = tcsetattr(0, TCSANOW, &raw)
        }
    }

    /// Puts the terminal back as it was.
    func restore() {
        if isTerminal { _ = tcsetattr(0, TCSANOW, &saved) }
    }

    /// The next key typed within `timeout` seconds (newlines skipped); nil when none.
    func next(timeout: Double) -> Character? {
        guard !ended else {
            usleep(useconds_t(timeout * 1_000_000))
            return nil
        }
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var byte: UInt8 = 0
        let count = read(0, &byte, 1)
        if count <= 0 {
            // End of input: keep watching saves, with no more keys.
            ended = true
            return nil
        }
        let character = Character(UnicodeScalar(byte))
        return character == "\n" || character == "\r" ? nil : Character(character.lowercased())
    }
}
