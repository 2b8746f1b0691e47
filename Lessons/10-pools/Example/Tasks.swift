import Multiprocessing

// region: square
/// The course's first pool task: says which input it got, returns its square.
enum Square: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        say("In worker with: \(x)")
        return x * x
    }
}
// endregion: square

// region: slow-square
/// A square that takes longer the smaller x is: 0 naps 120 ms, 5 naps 20 ms.
enum SlowSquare: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        nap(Double(6 - x) * 0.02)
        say("SlowSquare in worker with: \(x)")
        return x * x
    }
}
// endregion: slow-square

// region: cube
/// x * x * x.
enum Cube: MP.PoolTask {
    static func run(_ x: Int) throws -> Int {
        say("Cube in worker with: \(x)")
        return x * x * x
    }
}
// endregion: cube

// region: measure
/// A word with its length: Python's `[len(word), word]`, as a struct,
/// since a Swift array holds one type. It prints like Python's list.
struct LengthAndWord: Codable, Equatable, CustomStringConvertible {
    var length: Int
    var word: String
    var description: String { "[\(length), \"\(word)\"]" }
}

/// Measures one word.
enum Measure: MP.PoolTask {
    static func run(_ word: String) throws -> LengthAndWord {
        say("Measure in worker with: \(word)")
        return LengthAndWord(length: word.count, word: word)
    }
}
// endregion: measure
