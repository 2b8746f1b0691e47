import Foundation

/// The reports of a class grade: JSON (every result), CSV (one row per
/// student) and JUnit XML (one test case per student and exercise).
public enum ClassReport {
    /// The JSON document.
    public struct Document: Codable, Sendable {
        public var version = 1
        public var exercises: [String]
        public var results: [ClassResult]
    }

    /// All results as JSON.
    public static func json(_ results: [ClassResult], exercises: [String]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(exercises: exercises, results: results))
    }

    /// One row per student: a column per exercise (pass/fail/error) and the passes.
    public static func csv(_ results: [ClassResult], exercises: [String]) -> String {
        var lines = [(["student"] + exercises + ["passed", "hints used"]).map(field).joined(separator: ",")]
        let students = Array(Set(results.map(\.student))).sorted()
        for student in students {
            let mine = results.filter { $0.student == student }
            let cells = exercises.map { name in mine.first { $0.exercise == name }?.status.rawValue ?? "" }
            let passed = mine.filter { $0.status == .pass }.count
            let hints = mine.reduce(0) { $0 + $1.hintsUsed }
            lines.append(([student] + cells + [String(passed), String(hints)]).map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// JUnit XML: a test suite per exercise, a test case per student.
    public static func junit(_ results: [ClassResult], exercises: [String]) -> String {
        var xml = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        let failures = results.filter { $0.status == .fail }.count
        let errors = results.filter { $0.status == .error }.count
        xml.append("<testsuites name=\"workbook grade\" tests=\"\(results.count)\" failures=\"\(failures)\" errors=\"\(errors)\">")
        for exercise in exercises {
            let mine = results.filter { $0.exercise == exercise }
            xml.append("  <testsuite name=\"\(escape(exercise))\" tests=\"\(mine.count)\" failures=\"\(mine.filter { $0.status == .fail }.count)\" errors=\"\(mine.filter { $0.status == .error }.count)\">")
            for result in mine {
                let opening = "    <testcase classname=\"\(escape(exercise))\" name=\"\(escape(result.student))\" time=\"\(String(format: "%.3f", result.seconds))\""
                switch result.status {
                case .pass:
                    xml.append(opening + "/>")
                case .fail, .error:
                    let tag = result.status == .fail ? "failure" : "error"
                    let details = result.checks.filter { $0.status != nil && $0.status != .pass }.map(\.message).joined(separator: "\n")
                    xml.append(opening + ">")
                    xml.append("      <\(tag) message=\"\(escape(result.message))\">\(escape(details))</\(tag)>")
                    xml.append("    </testcase>")
                }
            }
            xml.append("  </testsuite>")
        }
        xml.append("</testsuites>")
        return xml.joined(separator: "\n") + "\n"
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 forbids most control characters, which a program's output may hold.
                if scalar.value < 0x20 { out += "?" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
