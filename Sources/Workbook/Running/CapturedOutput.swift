/// What a process wrote to one of its output streams, up to a limit.
public struct CapturedOutput: Sendable, Equatable, Codable {
    /// The bytes kept, decoded as UTF-8 (invalid sequences become U+FFFD).
    public var text: String
    /// How many bytes the process wrote in all, including those not kept.
    public var totalBytes: Int
    /// How many bytes were kept (at most the runner's limit).
    public var keptBytes: Int

    /// Creates a captured stream from the kept bytes and the total written.
    public init(kept: [UInt8], totalBytes: Int) {
        self.text = String(decoding: kept, as: UTF8.self)
        self.totalBytes = totalBytes
        self.keptBytes = kept.count
    }

    /// Whether the process wrote more than was kept.
    public var wasCut: Bool { totalBytes > keptBytes }

    /// A note for the learner when the output was cut, `nil` otherwise.
    public func cutNote(stream: String) -> String? {
        guard wasCut else { return nil }
        return "[output cut: the example wrote \(totalBytes) bytes to \(stream); only the first "
            + "\(keptBytes) are shown and checked]"
    }
}
