extension StringProtocol {
    /// The text without whitespace (spaces, tabs, carriage returns) at either end.
    var checkTrimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace }) ?? first
        return String(self[first...last])
    }
}
