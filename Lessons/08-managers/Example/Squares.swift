import Multiprocessing

// region: square-one
/// What one squarer is handed: the managed list, and its own index.
struct SquareJob: Codable {
    var numbers: MP.ListProxy<Int>
    var index: Int
}

/// Replaces the element at its index with the element's square.
enum SquareOne: MP.ProcessTarget {
    static func run(_ job: SquareJob) throws {
        let value = try job.numbers.get(job.index)        // one request to the server
        try job.numbers.set(job.index, value * value)     // and another
        say("\(me()): element \(job.index) was \(value), now \(value * value)")
    }
}
// endregion: square-one

// region: square-chunks
/// A slice of the managed list to square.
struct ListChunk: Codable {
    var numbers: MP.ListProxy<Int>
    var indices: Range<Int>
}

/// Squares its slice through the proxy: two requests per element.
enum SquareListChunk: MP.ProcessTarget {
    static func run(_ chunk: ListChunk) throws {
        let (_, seconds) = try timed {
            for i in chunk.indices {
                let value = try chunk.numbers.get(i)
                try chunk.numbers.set(i, value * value)
            }
        }
        say("\(me()): squared \(chunk.indices.count) elements through the proxy in \(fixed(seconds * 1000, places: 1)) ms")
    }
}

/// A slice of the shared array to square.
struct ArrayChunk: Codable {
    var numbers: MP.Array<Int>
    var indices: Range<Int>
}

/// Squares its slice in shared memory: a read and a write per element,
/// each under the array's lock.
enum SquareArrayChunk: MP.ProcessTarget {
    static func run(_ chunk: ArrayChunk) throws {
        let (_, seconds) = timed {
            for i in chunk.indices {
                let value = chunk.numbers[i]
                chunk.numbers[i] = value * value
            }
        }
        say("\(me()): squared \(chunk.indices.count) elements in the shared array in \(fixed(seconds * 1000, places: 1)) ms")
    }
}
// endregion: square-chunks
