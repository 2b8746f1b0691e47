import Foundation
import Multiprocessing
import Synchronization

// region: line
/// One line a command printed, and on which of its two outputs.
struct Line: Sendable {
    var stream: String  // "stdout" or "stderr"
    var text: String
}
// endregion: line

// region: read-lines
/// Reads `handle` until end of file, calling `body` with each whole line.
func forEachLine(of handle: FileHandle, _ body: (String) throws -> Void) rethrows {
    var pending = Data()
    while true {
        let chunk = handle.availableData  // waits for data; empty at end of file
        if chunk.isEmpty { break }
        pending.append(chunk)
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            try body(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
    }
    if !pending.isEmpty { try body(String(decoding: pending, as: UTF8.self)) }
}
// endregion: read-lines

/// A count several threads add to.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func add() { value.add(1, ordering: .relaxed) }
    var total: Int { value.load(ordering: .relaxed) }
}
