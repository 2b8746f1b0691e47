import Foundation

/// Runs one chapter: its example, as many times and under as many start
/// methods as asked, with every `expect` block checked against each run.
///
/// Creating a session parses the chapter's expectations, so a malformed
/// `expect` block is reported before anything is built.
///
/// ```swift
/// let session = try ChapterSession(chapter: chapter)
/// let outcome = try builder.build(product: chapter.targetName)
/// let results = session.run(outcome, runner: runner, repeats: 2, methods: [.spawn, .fork])
/// ```
public struct ChapterSession: Sendable {
    /// The chapter being run.
    public let chapter: Chapter
    /// Its `expect` blocks, parsed, in chapter order.
    public let scripts: [CheckScript]

    /// Prepares a chapter for running (``Chapter`` itself makes sure it has an
    /// `Example/` folder).
    /// - Throws: `CheckSyntaxError` for a malformed `expect` block (it names the
    ///   line in chapter.md).
    public init(chapter: Chapter) throws {
        self.chapter = chapter
        self.scripts = try chapter.expectations.map { try CheckScript(parsing: $0.text, firstLine: $0.line) }
    }

    /// The timeout a run gets: the learner's, else the chapter's, else 120 s.
    public func timeout(override: Double?) -> Double {
        override ?? chapter.runTimeout
    }

    /// Runs the built example `repeats` times under each of `methods` (outer
    /// loop: methods), calling `onResult` after each run.
    /// - Parameters:
    ///   - build: the outcome of building the chapter's product; a failed
    ///     build gives one BUILD ERROR result per method.
    ///   - runner: runs the example (its timeout is used as given).
    ///   - repeats: runs per start method (at least 1).
    ///   - methods: start methods to ask for (`nil`: the library's default).
    ///   - onResult: told about each result as soon as it is known.
    public func run(
        _ build: BuildOutcome, runner: ExampleRunner, repeats: Int, methods: [StartMethodChoice?],
        onResult: (ChapterRunResult) -> Void = { _ in }
    ) -> [ChapterRunResult] {
        var results: [ChapterRunResult] = []
        for method in methods {
            switch build {
            case .failed(let failure):
                let result = ChapterRunResult.buildFailed(failure, startMethod: method)
                results.append(result)
                onResult(result)
            case .built(let path):
                for number in 1...max(1, repeats) {
                    let result = runOnce(executable: URL(fileURLWithPath: path), runner: runner, method: method, number: number)
                    results.append(result)
                    onResult(result)
                }
            }
        }
        return results
    }

    /// A line cut to 80 characters for a sentence.
    static func shortened(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(77)) + "..." : text
    }

    /// The non-blank output lines no passing directive of any block matched.
    static func unexpectedLines(_ outcomes: [CheckOutcome]) -> [(number: Int, text: String)] {
        guard let output = outcomes.first?.outputLines else { return [] }
        var covered = Set<Int>()
        for outcome in outcomes {
            for result in outcome.results where result.status == .passed { covered.formUnion(result.lines) }
        }
        return output.enumerated().compactMap { index, text in
            let number = index + 1
            return covered.contains(number) || text.checkTrimmed.isEmpty ? nil : (number, text)
        }
    }

    /// Runs the example once and checks it.
    public func runOnce(executable: URL, runner: ExampleRunner, method: StartMethodChoice?, number: Int) -> ChapterRunResult {
        let run: RunResult
        do {
            run = try runner.run(executable: executable, startMethod: method)
        } catch {
            return ChapterRunResult(
                repeatNumber: number, startMethod: method, status: .crash,
                sentence: "The example could not be started: \(error).",
                run: nil, outcomes: [], buildFailure: nil, traceProblem: nil)
        }
        var result = ChapterRunResult(
            repeatNumber: number, startMethod: method, status: .pass, sentence: "",
            run: run, outcomes: [], buildFailure: nil, traceProblem: nil)
        switch run.termination {
        case .timedOut(let seconds):
            result.status = .timeout
            result.sentence = "The example was still running after \(Termination.format(seconds: seconds)), "
                + "so the workbook stopped it and every process it had started."
            if let alive = CheckedRun.describeAlive(run), !alive.isEmpty {
                result.sentence += " Still running then: \(alive)."
            }
        case .signalled(let signal):
            result.status = .crash
            result.sentence = "The example ended with signal \(Termination.describe(signal: signal)) "
                + "before its output could be checked."
        case .exited(let status) where status != 0:
            result.status = .crash
            result.sentence = "The example exited with status \(status) instead of 0, so its output was not checked."
        case .exited:
            let checked = CheckedRun(run)
            result.traceProblem = checked.traceProblem
            result.unwitnessedReason = checked.unwitnessedReason
            result.outcomes = scripts.map { $0.check(output: checked.output, trace: checked.trace, writers: checked.writers) }
            let failed = result.outcomes.filter { !$0.passed }.count
            if chapter.strict, !result.outcomes.isEmpty {
                result.unexpectedLines = Self.unexpectedLines(result.outcomes)
            }
            if let problem = checked.outputProblem {
                result.status = .fail
                result.sentence = "The example ran to the end (exit status 0), but \(problem), so no check of who "
                    + "printed what could be trusted."
            } else if let problem = result.traceProblem {
                // Trace facts checked against no events prove nothing.
                result.status = .fail
                result.sentence = "The example ran to the end (exit status 0), but \(problem), so its trace facts "
                    + "could not be checked."
            } else if failed == 0 && run.stdout.wasCut && !scripts.isEmpty {
                // What was cut may hold a line a CHECK-NOT or a CHECK-TOTAL
                // forbids: a pass would claim more than was seen.
                result.status = .fail
                result.sentence = "The example printed \(run.stdout.totalBytes) bytes, more than the "
                    + "\(run.stdout.keptBytes) the workbook keeps, so the checks could not see all of its output."
            } else if failed == 0, let first = result.unexpectedLines.first {
                result.status = .fail
                let count = result.unexpectedLines.count
                result.sentence = "Every check held, but \(count == 1 ? "1 line" : "\(count) lines") of the output "
                    + "matched no directive, starting with line \(first.number) `\(Self.shortened(first.text))`: in strict mode every "
                    + "line printed must be expected (a CHECK for it, or an ALLOW: for lines that may vary)."
            } else if failed == 0 {
                result.status = .pass
                result.sentence = scripts.isEmpty
                    ? "The example ran to the end with exit status 0 (the chapter states no expectations)."
                    : "The example ran to the end and its output and trace matched everything the chapter expects."
                if let why = result.unwitnessedReason {
                    result.sentence += " But the run was not witnessed: \(why). Who printed each line was not "
                        + "checked, and the process facts come from what the example wrote itself."
                }
            } else {
                result.status = .fail
                let blocks = failed == 1 ? "1 expect block" : "\(failed) expect blocks"
                result.sentence = "The example ran to the end (exit status 0), but \(blocks) of \(scripts.count) "
                    + "did not match its output or trace."
            }
        }
        return result
    }
}
