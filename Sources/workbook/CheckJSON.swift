import Foundation
import Workbook

/// The `--json` form of `workbook check`.
enum CheckJSON {
    struct Document: Encodable {
        let chapters: [ChapterEntry]
        let passed: Int
        let failed: Int
    }

    struct ChapterEntry: Encodable {
        let number: Int
        let slug: String
        let title: String
        let status: String
        /// Why the chapter could not be checked (status BROKEN).
        let problem: String?
        let runs: [RunEntry]
    }

    struct RunEntry: Encodable {
        let `repeat`: Int
        let startMethod: String?
        let status: String
        let sentence: String
        let exitStatus: Int32?
        let signal: Int32?
        let timedOut: Bool
        let durationSeconds: Double?
        let stdout: String?
        let stderr: String?
        let outputCut: Bool
        let traceEvents: Int?
        /// Whether the kernel witnessed the run (who ran, who printed what).
        let witnessed: Bool?
        let unwitnessedReason: String?
        let checks: [CheckEntry]
        let compilerErrors: [String]?
    }

    struct CheckEntry: Encodable {
        let line: Int
        let passed: Bool
        let report: String
    }

    static func encode(_ summaries: [ChapterSummary], passed: Int, failed: Int) throws -> String {
        let document = Document(
            chapters: summaries.map { summary in
                ChapterEntry(
                    number: summary.listing.number, slug: summary.listing.slug, title: summary.chapter?.title ?? summary.listing.name,
                    status: summary.statusLabel, problem: summary.problem,
                    runs: summary.chapter.map { chapter in summary.results.map { entry(for: $0, chapter: chapter) } } ?? [])
            },
            passed: passed, failed: failed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    private static func entry(for result: ChapterRunResult, chapter: Chapter) -> RunEntry {
        var exitStatus: Int32?
        var signal: Int32?
        var timedOut = false
        switch result.run?.termination {
        case .exited(let status): exitStatus = status
        case .signalled(let number): signal = number
        case .timedOut: timedOut = true
        case nil: break
        }
        return RunEntry(
            repeat: result.repeatNumber, startMethod: result.startMethod?.rawValue, status: result.status.label,
            sentence: result.sentence, exitStatus: exitStatus, signal: signal, timedOut: timedOut,
            durationSeconds: result.run?.duration, stdout: result.run?.stdout.text, stderr: result.run?.stderr.text,
            outputCut: (result.run?.stdout.wasCut ?? false) || (result.run?.stderr.wasCut ?? false),
            traceEvents: result.run?.traceLines.count,
            witnessed: result.run.map { _ in result.unwitnessedReason == nil && result.run?.witness?.witnessed == true },
            unwitnessedReason: result.run?.witness?.unwitnessedReason,
            checks: result.outcomes.enumerated().map { index, outcome in
                CheckEntry(line: chapter.expectations[index].line, passed: outcome.passed, report: outcome.report(color: false))
            },
            compilerErrors: result.buildFailure?.errors)
    }
}
