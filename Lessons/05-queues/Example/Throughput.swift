import Multiprocessing

// region: reader-target
/// Reads numbers until the end marker (nil) and checks that they came in
/// the order they were put: 0, 1, 2, ...
enum Reader: MP.ProcessTarget {
    static func run(_ queue: MP.Queue<Int?>) throws {
        let me = MP.currentProcess
        var expected = 0
        var inOrder = true
        while let number = try queue.get() {
            if number != expected { inOrder = false }
            expected += 1
        }
        say("\(me.name) (pid \(me.pid)) read \(expected) numbers, in order: \(inOrder), then the end marker")
    }
}
// endregion: reader-target
