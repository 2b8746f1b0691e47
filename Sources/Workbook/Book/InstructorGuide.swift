import Foundation

/// The generated parts of the instructor's guide: a schedule from the
/// chapters' and exercises' minutes, and per chapter its key points (its
/// goals), its speaker notes (common mistakes, questions to discuss) and the
/// exercises that follow it.
enum InstructorGuide {
    /// Minutes of teaching in a day (9:00 to 17:00 less a lunch hour and breaks).
    static let dayMinutes = 390

    static func schedule(chapters: [Chapter], exercises: [Exercise]) -> String {
        struct Item { var title: String; var minutes: Int }
        var items: [Item] = []
        for chapter in chapters {
            items.append(Item(title: "Chapter \(chapter.number): \(chapter.title)", minutes: chapter.minutes ?? 30))
            for exercise in exercises where exercise.chapter == chapter.number {
                items.append(Item(title: "Exercise \(exercise.number): \(exercise.title)", minutes: exercise.minutes ?? 20))
            }
        }
        let placed = Set(chapters.map(\.number))
        for exercise in exercises where !placed.contains(exercise.chapter) {
            items.append(Item(title: "Exercise \(exercise.number): \(exercise.title)", minutes: exercise.minutes ?? 20))
        }
        let total = items.reduce(0) { $0 + $1.minutes }
        let text = "## Schedule\n\nFrom each chapter's and exercise's `minutes`: \(total) minutes of teaching in all "
            + "(\(String(format: "%.1f", Double(total) / 60)) hours).\n"
        func plan(days: Int) -> String {
            var out = "\n### In \(days == 1 ? "one day" : "\(days) days")\n\n"
            if days == 1 && total > dayMinutes {
                out += "The whole course is more than one day holds (\(dayMinutes) minutes); in one day, teach the chapters "
                    + "and leave the exercises as homework, or cut the later chapters.\n\n"
            }
            let perDay = Double(total) / Double(days)
            var day = 1
            var spent = 0.0
            var clock = 9 * 60
            var sinceBreak = 0
            var hadLunch = false
            out += "**Day 1**\n\n"
            for item in items {
                if days > 1, spent >= perDay * Double(day), day < days {
                    day += 1
                    clock = 9 * 60
                    sinceBreak = 0
                    hadLunch = false
                    out += "\n**Day \(day)**\n\n"
                }
                if clock >= 12 * 60, !hadLunch {
                    out += "- \(time(clock)) lunch (an hour)\n"
                    clock += 60
                    sinceBreak = 0
                    hadLunch = true
                } else if sinceBreak >= 90 {
                    out += "- \(time(clock)) break (15 minutes)\n"
                    clock += 15
                    sinceBreak = 0
                }
                out += "- \(time(clock)) \(item.title) (\(item.minutes) minutes)\n"
                clock += item.minutes
                sinceBreak += item.minutes
                spent += Double(item.minutes)
            }
            return out
        }
        return text + plan(days: 1) + plan(days: 2)
    }

    static func chapterNotes(chapters: [Chapter], exercises: [Exercise]) -> String {
        var text = "## Chapter by chapter\n"
        for chapter in chapters {
            text += "\n### \(chapter.number). \(chapter.title)\n\n"
            if !chapter.goals.isEmpty {
                text += "Key points:\n\n" + chapter.goals.map { "- \($0)" }.joined(separator: "\n") + "\n\n"
            }
            let notes = MarkdownDocument(parsing: chapter.body).codeBlocks.filter { $0.language == "notes" }.map(\.literal)
            text += notes.isEmpty ? "No speaker notes yet for this chapter.\n\n" : notes.joined(separator: "\n") + "\n"
            let following = exercises.filter { $0.chapter == chapter.number }
            text += following.isEmpty ? "No exercise follows this chapter.\n"
                : "Then: " + following.map { "exercise \($0.number), *\($0.title)*" }.joined(separator: "; ") + ".\n"
        }
        return text
    }

    private static func time(_ minutes: Int) -> String {
        String(format: "%d:%02d", minutes / 60, minutes % 60)
    }
}
