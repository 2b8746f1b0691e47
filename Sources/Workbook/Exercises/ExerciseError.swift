import Foundation

/// What is wrong with an exercise folder, or with a request about one.
public enum ExerciseError: Error, Equatable, CustomStringConvertible {
    /// `exercise.md` is missing.
    case missingExerciseFile(URL)
    /// One of `Starter/`, `Sources/` or `Solution/` is missing.
    case missingFolder(URL, role: String)
    /// A front matter value of an exercise is wrong.
    case badValue(URL, line: Int, key: String, reason: String)
    /// The front matter lacks a key every exercise needs.
    case missingKey(URL, key: String)
    /// No exercise answers to the name.
    case unknownExercise(String, available: [String])
    /// Two exercise folders share a number.
    case duplicateExerciseNumber(Int, folders: [String])

    public var description: String {
        switch self {
        case .missingExerciseFile(let folder):
            return "\(displayPath(folder)) has no exercise.md."
        case .missingFolder(let folder, let role):
            return "\(displayPath(folder)) is missing: every exercise needs Starter/ (the code as handed out), "
                + "Sources/ (your copy, which you edit) and Solution/ (the reference); this one is \(role)."
        case .badValue(let file, let line, let key, let reason):
            return "\(displayPath(file)):\(line): \(key) \(reason)."
        case .missingKey(let file, let key):
            return "\(displayPath(file)): the front matter has no \(key) (add a line \"\(key): ...\")."
        case .unknownExercise(let query, let available):
            let list = available.isEmpty ? "there are none yet" : "the exercises are: " + available.joined(separator: ", ")
            return "There is no exercise \"\(query)\". Give a number or a name; \(list)."
        case .duplicateExerciseNumber(let number, let folders):
            return "Exercise number \(number) is used by more than one folder: \(folders.joined(separator: ", "))."
        }
    }
}
