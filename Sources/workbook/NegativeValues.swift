/// The options whose value is a number.
private let numericOptions: Set<String> = ["--repeat", "--timeout"]

extension Sequence<String> {
    /// The arguments with `--repeat -1` joined into `--repeat=-1`.
    ///
    /// ArgumentParser reads a word starting with `-` as an option, so
    /// `--repeat -1` would fail with "Missing value"; joined, the value
    /// reaches validation, which says what is wrong with it.
    func joiningNegativeValues() -> [String] {
        var joined: [String] = []
        for argument in self {
            if let last = joined.last, numericOptions.contains(last),
               argument.hasPrefix("-"), Double(argument) != nil {
                joined[joined.count - 1] = last + "=" + argument
            } else {
                joined.append(argument)
            }
        }
        return joined
    }
}
