import Foundation

/// One student's grade for one exercise, in the spirit of Exercism's test
/// runner results: a status, a message, and one entry per check.
public struct ClassResult: Codable, Sendable {
    /// `pass`: every check held; `fail`: a check did not; `error`: the
    /// submission could not be graded to the end (it did not compile,
    /// crashed, ran out of time or of a limit).
    public enum Status: String, Codable, Sendable {
        case pass, fail, error
    }

    /// One step of the grade.
    public struct Check: Codable, Sendable {
        /// The step (`build`, `output`, `hidden`, `trace`, `hygiene`).
        public var step: String
        /// `pass`, `fail`, `error`; nil when the step was not reached.
        public var status: Status?
        /// What the step expected and saw.
        public var message: String
    }

    public var student: String
    public var exercise: String
    public var status: Status
    public var message: String
    public var checks: [Check]
    /// The graded run's standard output, cut to ``outputLimit`` bytes.
    public var output: String?
    /// Set when the output was cut.
    public var outputNote: String?
    /// Hints the student read, from the submitted progress file.
    public var hintsUsed = 0
    /// Whether (and how) the student saw the solution.
    public var solutionShown: String?
    /// Seconds spent grading it.
    public var seconds = 0.0
    /// What the sandbox could not limit on this machine.
    public var sandbox: [String] = []

    /// Bytes of output kept in the report.
    public static let outputLimit = 2_000

    /// One student's grade for one exercise, before its timing and sandbox notes are added.
    public init(student: String, exercise: String, status: Status, message: String, checks: [Check]) {
        self.student = student
        self.exercise = exercise
        self.status = status
        self.message = message
        self.checks = checks
    }

    /// Fills status, message, checks and output from the grade's runs (the
    /// first that did not pass, else the last).
    mutating func fill(from runs: [GradeRun]) {
        guard let shown = runs.first(where: { !$0.status.passed }) ?? runs.last else {
            status = .error
            message = "no run was graded"
            return
        }
        switch shown.status {
        case .pass: status = .pass
        case .fail: status = .fail
        case .timeout, .crash, .buildError: status = .error
        }
        message = shown.status.passed
            ? "passed under \(runs.map(\.startMethodLabel).joined(separator: ", "))"
            : "\(shown.status.label) under \(shown.startMethodLabel)\(shown.failedStep.map { " at \($0.rawValue)" } ?? ""): \(shown.sentence)"
        checks = GradeStep.allCases.map { step in
            let failed = shown.failedStep
            if failed == nil || step.order < failed!.order {
                return Check(step: step.rawValue, status: .pass, message: "")
            }
            if step == failed {
                return Check(step: step.rawValue, status: status, message: shown.details.isEmpty ? shown.sentence : shown.details)
            }
            return Check(step: step.rawValue, status: nil, message: "not reached")
        }
        if let text = shown.run?.stdout.text {
            let bytes = Array(text.utf8)
            if bytes.count > Self.outputLimit {
                output = String(decoding: bytes.prefix(Self.outputLimit), as: UTF8.self)
                outputNote = "cut: the first \(Self.outputLimit) of \(bytes.count) bytes"
            } else {
                output = text
            }
            if shown.run?.stdout.wasCut == true { outputNote = "the program printed more than the workbook keeps; " + (outputNote ?? "") }
        }
    }
}

extension GradeStep {
    /// The step's place in the grade, from 0.
    var order: Int { GradeStep.allCases.firstIndex(of: self) ?? 0 }
}
