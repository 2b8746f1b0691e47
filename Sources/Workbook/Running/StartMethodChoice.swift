/// A start method the workbook can ask an example to use, through the
/// environment variable `MP_START_METHOD` that the core reads.
public enum StartMethodChoice: String, Sendable, Codable, CaseIterable {
    /// `posix_spawn` of the program's own binary.
    case spawn
    /// `fork()` of the parent.
    case fork
    /// A child forked from the single-threaded fork server.
    case forkserver

    /// The environment variable the core reads its start method from.
    public static let environmentVariable = "MP_START_METHOD"

    /// The methods a `--start-method` value stands for: one method, all three
    /// for `all`, or `nil` (the library's own default) for `default`.
    ///
    /// - Throws: ``RunningError/unknownStartMethod(_:)`` for any other word.
    public static func parseSelection(_ word: String) throws -> [StartMethodChoice?] {
        let lowered = word.lowercased()
        if lowered == "all" { return allCases }
        if lowered == "default" { return [nil] }
        guard let method = StartMethodChoice(rawValue: lowered) else {
            throw RunningError.unknownStartMethod(word)
        }
        return [method]
    }
}
