import Foundation

/// A chapter's run for the book: what the example printed, how each check
/// fared, and the processes' timeline, stamped with the date, the start
/// method and the machine's CPU count.
public struct BookRun: Sendable {
    public var result: ChapterRunResult
    public var date: Date
    public var cpuCount: Int

    public init(result: ChapterRunResult, date: Date = Date(), cpuCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.result = result
        self.date = date
        self.cpuCount = cpuCount
    }

    /// For the `n`-th expect block of `chapter`, each line's result in this run.
    func marks(for chapter: Chapter) -> [Int: [Int: Bool]] {
        var marks: [Int: [Int: Bool]] = [:]
        for (index, outcome) in result.outcomes.enumerated() where index < chapter.expectations.count {
            let first = chapter.expectations[index].line
            var lines: [Int: Bool] = [:]
            for check in outcome.results where check.status != .skipped {
                lines[check.directive.line - first] = check.status == .passed
            }
            marks[index] = lines
        }
        return marks
    }

    /// The run's section of the chapter page.
    func html() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        var html = "<section class=\"run\"><h2 id=\"a-real-run\">A real run</h2>\n"
        html += "<p class=\"stamp\">Run on \(formatter.string(from: date)) UTC, start method \(result.startMethodLabel), "
            + "on a machine with \(cpuCount) CPUs: <strong>\(result.status.label)</strong>. \(HTMLRenderer.escape(result.sentence))</p>\n"
        if let run = result.run {
            html += "<h3 id=\"what-it-printed\">What it printed</h3>\n<pre class=\"output\"><code>\(HTMLRenderer.escape(run.stdout.text))</code></pre>\n"
            if !run.stderr.text.isEmpty {
                html += "<p>On standard error:</p>\n<pre class=\"output\"><code>\(HTMLRenderer.escape(run.stderr.text))</code></pre>\n"
            }
            if let witness = run.witness, witness.witnessed {
                let timeline = Timeline(processes: witness.processes)
                html += "<h3 id=\"which-process-ran-when\">Which process ran when</h3>\n"
                    + "<p>Each lane is a process (its name and pid), each bar its life, the number after it its exit code; "
                    + "a dotted line joins a child to its parent when it was born.</p>\n<figure>\(timeline.svg())</figure>\n"
            }
        }
        return html + "</section>\n"
    }
}
