import ArgumentParser
import Foundation
import Workbook

/// `workbook list`: the chapters in order and how far the learner is.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the chapters in order, with their estimated time and your progress.",
        discussion: """
        The state of a chapter is "not run", "passed" or "failed", from the last \
        `workbook run` or `workbook check` of it (kept in .workbook-progress.json). A chapter \
        whose chapter.md cannot be read is listed as broken, with its error.

        Examples:
          workbook
          workbook list --root ~/multiprocessing-workbook
        """
    )

    @OptionGroup var location: LocationOptions

    func run() throws {
        let root = try location.packageRoot()
        let listings = try reportingFailures { try Catalog(root: root).listings() }
        let progress = location.loadProgress(root: root)
        guard !listings.isEmpty else {
            print("No chapters yet: \(root.appendingPathComponent("Lessons").path) holds no NN-slug folder.")
            return
        }
        // A chapter whose chapter.md cannot be read is listed by its folder
        // name, as broken, with the error; the others are listed as usual.
        // Each exercise is listed right after the chapter it practises (or at
        // the end, when that chapter is not there yet): the course's order.
        let exercises = (try? Catalog(root: root).exercises()) ?? []
        let chapterNumbers = Set(listings.map(\.number))
        func exerciseRows(after chapter: Int?) -> [String] {
            exercises.filter { chapter == nil ? !chapterNumbers.contains($0.chapter) : $0.chapter == chapter }
                .map { exercise in
                    let number = ("E" + String(exercise.number)).leftPadded(to: 3)
                    let title = ("exercise: " + exercise.title).padding(toLength: titleWidth, withPad: " ", startingAt: 0)
                    let minutes = (exercise.minutes.map(String.init) ?? "-").leftPadded(to: 7)
                    return "\(number) \(title)  \(minutes)  \(state(of: exercise, in: progress))"
                }
        }
        let titles = listings.map { (try? $0.reading.get())?.title ?? $0.name } + exercises.map { "exercise: " + $0.title }
        let titleWidth = max(5, titles.map(\.count).max() ?? 0)
        print(" #  " + "chapter".padding(toLength: titleWidth, withPad: " ", startingAt: 0) + "  minutes  state")
        var broken: [(ChapterListing, any Error)] = []
        for (listing, title) in zip(listings, titles) {
            let number = String(listing.number).leftPadded(to: 2)
            let shownTitle = title.padding(toLength: titleWidth, withPad: " ", startingAt: 0)
            switch listing.reading {
            case .success(let chapter):
                let minutes = (chapter.minutes.map(String.init) ?? "-").leftPadded(to: 7)
                print("\(number)  \(shownTitle)  \(minutes)  \(state(of: chapter, in: progress))")
            case .failure(let error):
                print("\(number)  \(shownTitle)  \("-".leftPadded(to: 7))  broken (its chapter.md cannot be read)")
                broken.append((listing, error))
            }
            exerciseRows(after: listing.number).forEach { print($0) }
        }
        exerciseRows(after: nil).forEach { print($0) }
        for (listing, error) in broken {
            print("\nChapter \(listing.number) is broken: \(error)")
        }
        print("\nRead one with `workbook read N`, run its example with `workbook run N`.")
        if !exercises.isEmpty {
            print("Exercises: `workbook read --exercise N`, then `workbook grade N` (and `workbook hint N` when stuck).")
        }
    }

    private func state(of exercise: Exercise, in progress: LearnerProgress) -> String {
        let entry = progress.exercises[exercise.slug] ?? ExerciseProgress()
        guard let status = entry.lastStatus else {
            return entry.hintsShown > 0 ? "not graded (\(entry.hintsShown) hints read)" : "not graded"
        }
        let hints = entry.hintsShown > 0 ? ", \(entry.hintsShown) \(entry.hintsShown == 1 ? "hint" : "hints") read" : ""
        return (entry.passes > 0 ? "passed" : "failed (\(status.label))") + hints
    }

    private func state(of chapter: Chapter, in progress: LearnerProgress) -> String {
        guard let entry = progress.entry(for: chapter.slug) else { return "not run" }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        let when = formatter.string(from: entry.time)
        if entry.lastStatus.passed {
            return "passed (\(entry.passes) \(entry.passes == 1 ? "pass" : "passes"), last \(when))"
        }
        return "failed (\(entry.lastStatus.label), \(when))"
    }
}

extension String {
    /// The string with spaces in front, to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
