import Foundation

// region: read-words
/// The example's word file, `Resources/words.txt`: one word a line.
struct WordFileMissing: Error {}

/// The words of the file, without their line ends (Python's `line.strip()`).
func readWords() throws -> [String] {
    guard let file = Bundle.module.url(forResource: "words", withExtension: "txt", subdirectory: "Resources") else {
        throw WordFileMissing()
    }
    let text = try String(contentsOf: file, encoding: .utf8)
    return text.split(separator: "\n")
        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        .filter { !$0.isEmpty }
}
// endregion: read-words
