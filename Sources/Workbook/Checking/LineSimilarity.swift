/// How alike two strings are, from 0 (nothing in common) to 1 (equal): the
/// share of adjacent character pairs they have in common (a Dice coefficient
/// over bigrams of Unicode scalars, ignoring case). Cheap enough to run over
/// thousands of lines.
enum LineSimilarity {
    static func score(_ left: String, _ right: String) -> Double {
        if left == right { return 1 }
        let a = pairs(left)
        let b = pairs(right)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var counts: [UInt64: Int] = [:]
        for pair in a { counts[pair, default: 0] += 1 }
        var shared = 0
        for pair in b {
            if let count = counts[pair], count > 0 {
                shared += 1
                counts[pair] = count - 1
            }
        }
        return 2 * Double(shared) / Double(a.count + b.count)
    }

    private static func pairs(_ text: String) -> [UInt64] {
        let scalars = Array(text.lowercased().unicodeScalars)
        guard scalars.count >= 2 else { return [] }
        return (0..<(scalars.count - 1)).map { UInt64(scalars[$0].value) << 32 | UInt64(scalars[$0 + 1].value) }
    }
}
