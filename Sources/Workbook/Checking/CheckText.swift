#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// The text without whitespace (spaces, tabs, carriage returns, and
    /// Unicode spaces) at either end.
    var checkTrimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace }) ?? first
        return String(self[first...last])
    }
}

/// Byte-level helpers over UTF-8 that keep checking huge outputs fast: the
/// output is split and trimmed, and lines are pre-screened, without walking
/// grapheme clusters.
enum CheckText {
    /// Splits text into lines at `\n`, trimmed at both ends (a final newline
    /// ends the last line rather than starting an empty one). Returns the
    /// lines as written (minus a `\r` before the newline) and trimmed.
    static func lines(of text: String) -> (raw: [String], trimmed: [String]) {
        var text = text
        return text.withUTF8 { bytes in
            var raw: [String] = []
            var trimmed: [String] = []
            var start = 0
            func add(_ end: Int) {
                var stop = end
                if stop > start, bytes[stop - 1] == 13 { stop -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                let written = String(decoding: line, as: UTF8.self)
                raw.append(written)
                trimmed.append(trim(line) ?? written.checkTrimmed)
            }
            var index = 0
            while index < bytes.count {
                if bytes[index] == 10 {
                    add(index)
                    start = index + 1
                }
                index += 1
            }
            if start < bytes.count { add(bytes.count) }
            return (raw, trimmed)
        }
    }

    /// Trims ASCII whitespace; nil when a non-ASCII byte is at an end (it
    /// might be Unicode whitespace, which the slower path handles).
    private static func trim(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        var low = 0
        var high = line.count
        while low < high, isASCIISpace(line[low]) { low += 1 }
        while high > low, isASCIISpace(line[high - 1]) { high -= 1 }
        if low < high, line[low] >= 0x80 || line[high - 1] >= 0x80 { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: line[low..<high]), as: UTF8.self)
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 32 || (byte >= 9 && byte <= 13)
    }

    /// Whether `line`'s bytes start with `prefix`, contain each of `middle`
    /// in order after it, and end with `suffix` (without overlapping).
    static func screen(_ line: String, prefix: [UInt8], middle: [[UInt8]], suffix: [UInt8]) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            guard bytes.count >= prefix.count + suffix.count, let base = bytes.baseAddress else {
                return prefix.isEmpty && suffix.isEmpty && middle.allSatisfy(\.isEmpty)
            }
            if !prefix.isEmpty, memcmp(base, prefix, prefix.count) != 0 { return false }
            if !suffix.isEmpty, memcmp(base + (bytes.count - suffix.count), suffix, suffix.count) != 0 { return false }
            var from = prefix.count
            let end = bytes.count - suffix.count
            for piece in middle where !piece.isEmpty {
                guard let found = find(piece, in: base, from: from, to: end) else { return false }
                from = found + piece.count
            }
            return true
        }
    }

    /// The offset of the first `needle` in `base[from..<end]`.
    private static func find(_ needle: [UInt8], in base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var index = from
        while index + needle.count <= end {
            guard let hit = memchr(base + index, Int32(needle[0]), end - needle.count + 1 - index) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            index = at + 1
        }
        return nil
    }
}
