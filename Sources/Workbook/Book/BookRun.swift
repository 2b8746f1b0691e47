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
            if let chart = Self.timingChart(run.stdout.text) {
                html += "<h3 id=\"how-long-each-way-took\">How long each way took</h3>\n<figure>\(chart)</figure>\n"
            }
            for image in Self.images(in: run.stdout.text) {
                html += "<h3 id=\"the-image-it-made\">The image it made</h3>\n<figure><img src=\"\(HTMLRenderer.escape(image.name))\" "
                    + "alt=\"The image the example wrote to \(HTMLRenderer.escape(image.path))\"></figure>\n"
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

    /// Lines like `2 processes: total 123, 0.25 s, speed-up 2.14x` (chapter
    /// 1's timings) as a bar chart of seconds; nil when there are fewer than two.
    static func timingChart(_ output: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: "^([^:]{1,40}): total [0-9]+, ([0-9.]+) s") else { return nil }
        var bars: [(label: String, seconds: Double)] = []
        for line in output.split(separator: "\n").map(String.init) {
            guard let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..<line.endIndex, in: line)),
                  let label = Range(match.range(at: 1), in: line), let value = Range(match.range(at: 2), in: line),
                  let seconds = Double(line[value]) else { continue }
            bars.append((String(line[label]), seconds))
        }
        guard bars.count >= 2, let longest = bars.map(\.seconds).max(), longest > 0 else { return nil }
        let width = 600.0, labelWidth = 140.0, barHeight = 22.0
        var svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(Double(bars.count) * (barHeight + 8) + 8))\" "
            + "width=\"\(Int(width))\" role=\"img\" aria-label=\"Seconds taken, one bar per way\">\n"
        for (index, bar) in bars.enumerated() {
            let y = 8 + Double(index) * (barHeight + 8)
            let length = (width - labelWidth - 80) * bar.seconds / longest
            svg += "<text x=\"0\" y=\"\(y + 15)\" style=\"fill: currentColor; font: 12px sans-serif\">\(HTMLRenderer.escape(bar.label))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(String(format: "%.1f", max(1, length)))\" height=\"\(barHeight)\" style=\"fill: #1f5fa8; opacity: .8\"/>"
                + "<text x=\"\(String(format: "%.1f", labelWidth + length + 6))\" y=\"\(y + 15)\" style=\"fill: currentColor; font: 12px sans-serif\">\(bar.seconds) s</text>\n"
        }
        return svg + "</svg>"
    }

    /// PNG files the output names by absolute path that exist (the image
    /// chapter's picture), with the name the book copies them under.
    static func images(in output: String) -> [(path: String, name: String)] {
        guard let regex = try? NSRegularExpression(pattern: "(/[^\\s'\"`]+\\.png)\\b") else { return [] }
        var found: [(String, String)] = []
        for match in regex.matches(in: output, range: NSRange(output.startIndex..<output.endIndex, in: output)) {
            guard let range = Range(match.range(at: 1), in: output) else { continue }
            let path = String(output[range])
            if FileManager.default.fileExists(atPath: path), !found.contains(where: { $0.0 == path }) {
                found.append((path, "run-image-\(found.count + 1)-" + (path as NSString).lastPathComponent))
            }
        }
        return found
    }
}
