import Foundation
import Workbook

/// Prints what one run did: its output, its stderr, the check report and
/// the status line with its sentence.
struct RunReport {
    let paint: Paint
    let chapter: Chapter

    /// The heading above a run: chapter, repeat and start method.
    func heading(_ result: ChapterRunResult, repeats: Int) -> String {
        var text = "Chapter \(chapter.number): \(chapter.title)"
        if repeats > 1 { text += ", run \(result.repeatNumber) of \(repeats)" }
        text += ", start method \(result.startMethodLabel)"
        return paint.bold(text)
    }

    /// A ruled section title.
    func rule(_ title: String) -> String {
        paint.dim("── \(title) " + String(repeating: "─", count: max(3, 60 - title.count)))
    }

    /// Everything about a run, for `workbook run` and for failures in `workbook check`.
    func details(_ result: ChapterRunResult, showOutput: Bool = true) -> String {
        var lines: [String] = []
        if let failure = result.buildFailure {
            lines.append(rule("compiler errors (\(failure.product))"))
            lines.append(contentsOf: failure.errors)
        }
        if let run = result.run, showOutput {
            lines.append(rule("output"))
            let stdout = run.stdout.text
            lines.append(stdout.isEmpty ? paint.dim("(nothing reached standard output)") : trimmingFinalNewline(stdout))
            if let note = run.stdout.cutNote(stream: "stdout") { lines.append(paint.yellow(note)) }
            if !run.stderr.text.isEmpty {
                lines.append(rule("stderr"))
                lines.append(contentsOf: trimmingFinalNewline(run.stderr.text).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { paint.yellow("stderr| ") + $0 })
                if let note = run.stderr.cutNote(stream: "stderr") { lines.append(paint.yellow(note)) }
            }
        }
        if let problem = result.traceProblem { lines.append(paint.yellow("note: \(problem)")) }
        for (number, text) in result.unexpectedLines.prefix(20) {
            lines.append(paint.yellow("unexpected line \(number): \(text)"))
        }
        if result.unexpectedLines.count > 20 {
            lines.append(paint.yellow("... and \(result.unexpectedLines.count - 20) more unexpected lines"))
        }
        if let reason = result.run?.witness?.unwitnessedReason {
            lines.append(paint.yellow("note: unwitnessed run: \(reason)"))
        }
        if !result.outcomes.isEmpty {
            lines.append(rule("checks"))
            for (index, outcome) in result.outcomes.enumerated() {
                let block = chapter.expectations[index]
                let verdict = outcome.passed ? paint.green("matched") : paint.red("did not match")
                lines.append("expect block at chapter.md line \(block.line): \(verdict)")
                let report = outcome.report(color: paint.enabled)
                if !report.isEmpty { lines.append(trimmingFinalNewline(report)) }
            }
        }
        lines.append(statusLine(result))
        return lines.joined(separator: "\n")
    }

    /// `PASS  The example ran to the end ... (0.41 s)`.
    func statusLine(_ result: ChapterRunResult) -> String {
        let label: String
        switch result.status {
        case .pass: label = paint.green(paint.bold(result.status.label))
        case .fail, .crash, .buildError: label = paint.red(paint.bold(result.status.label))
        case .timeout: label = paint.yellow(paint.bold(result.status.label))
        }
        let time = result.run.map { String(format: " (%.2f s)", $0.duration) } ?? ""
        return "\(label)  \(result.sentence)\(time)"
    }

    private func trimmingFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}
