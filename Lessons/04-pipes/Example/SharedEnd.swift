import Glibc
import Multiprocessing

// MARK: A raw pipe, two writers

// region: raw-pipe
/// Two forked children write `writes` blocks of `blockSize` bytes into one
/// raw pipe, one `write()` call per block: every byte of A's blocks is "A",
/// every byte of B's is "B". The parent reads the whole stream and returns
/// how many bytes came, in how many runs of one letter, and how many of
/// those runs are not a whole number of blocks (a block was cut).
func rawPipeTest(blockSize: Int, writes: Int) throws -> (bytes: Int, runs: Int, cut: Int) {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { throw MP.SystemCallError(call: "pipe", code: errno) }
    let (readEnd, writeEnd) = (ends[0], ends[1])
    let gate = try MP.Barrier(parties: 2)
    let writers = [UInt8(ascii: "A"), UInt8(ascii: "B")].map { letter in
        MP.context(.fork).process {
            close(readEnd)  // this child only writes
            let block = [UInt8](repeating: letter, count: blockSize)
            try gate.wait()  // both start writing at the same moment
            for _ in 0..<writes { try writeBlock(writeEnd, block) }
            say("\(whoAmI()): wrote \(writes) blocks of \(blockSize) bytes of '\(Character(Unicode.Scalar(letter)))', one write() each")
            close(writeEnd)
        }
    }
    for writer in writers { try writer.start() }
    close(writeEnd)  // the parent only reads
    let stream = try readToEnd(readEnd)
    close(readEnd)
    for writer in writers { try writer.join() }
    let runs = runLengths(stream)
    return (stream.count, runs.count, runs.filter { $0 % blockSize != 0 }.count)
}
// endregion: raw-pipe

/// One `write()` call for the whole block. A blocking pipe returns only
/// when every byte is in; the loop is there only in case a signal cuts
/// the call short.
func writeBlock(_ descriptor: Int32, _ block: [UInt8]) throws {
    try block.withUnsafeBytes { bytes in
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw MP.SystemCallError(call: "write", code: errno)
            }
            offset += written
        }
    }
}

/// Reads until the end of file: every writer has closed its end.
func readToEnd(_ descriptor: Int32) throws -> [UInt8] {
    var stream: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if got < 0 {
            if errno == EINTR { continue }
            throw MP.SystemCallError(call: "read", code: errno)
        }
        if got == 0 { return stream }
        stream += chunk[0..<got]
    }
}

/// The lengths of the runs of one repeated byte: "AAABBA" gives [3, 2, 1].
func runLengths(_ stream: [UInt8]) -> [Int] {
    stream.withUnsafeBufferPointer { bytes in
        var runs: [Int] = []
        var start = 0
        while start < bytes.count {
            var end = start + 1
            while end < bytes.count && bytes[end] == bytes[start] { end += 1 }
            runs.append(end - start)
            start = end
        }
        return runs
    }
}

// MARK: A connection, two senders

// region: blocks-target
/// Every message is this long, and each sender sends this many.
let blockSize = 200_000
let blocksEach = 20

/// What a block sender gets.
struct Blocks: Codable {
    var end: MP.Connection  // the end both senders share
    var letter: UInt8       // every byte of every message it sends
    var gate: MP.Barrier    // lets both senders start at the same moment
    var lock: MP.Lock?      // if given, held around each send
}

/// Sends `blocksEach` messages of `blockSize` bytes, all one letter.
enum SendBlocks: MP.ProcessTarget {
    static func run(_ job: Blocks) throws {
        let block = [UInt8](repeating: job.letter, count: blockSize)
        try job.gate.wait()
        for _ in 0..<blocksEach {
            if let lock = job.lock {
                try lock.withLock { try job.end.sendBytes(block) }
            } else {
                try job.end.sendBytes(block)
            }
        }
        let letter = Character(Unicode.Scalar(job.letter))
        say("\(whoAmI()): sent \(blocksEach) messages of \(blockSize) bytes, every byte '\(letter)'")
        job.end.close()
    }
}
// endregion: blocks-target

// region: tally
/// What the parent makes of the messages it received.
struct Tally {
    var whole: [Character: Int] = [:]  // whole, uniform messages, by letter
    var broken = 0                     // anything else
    var ending = ""                    // how the stream ended
}

/// Receives until the end of file and sorts every message into whole or broken.
func tally(_ reader: MP.Connection) throws -> Tally {
    var tally = Tally()
    while true {
        do {
            let message = try reader.recvBytes(maxLength: blockSize)
            if message.count == blockSize, let first = message.first, isUniform(message) {
                tally.whole[Character(Unicode.Scalar(first)), default: 0] += 1
            } else {
                tally.broken += 1
            }
        } catch MP.ConnectionError.messageTooLong {
            tally.broken += 1  // a length read from the middle of someone's bytes
        } catch let end as MP.EOFError {
            tally.ending = end.description
            return tally
        }
    }
}
// endregion: tally

/// Whether every byte of `message` equals its first.
func isUniform(_ message: [UInt8]) -> Bool {
    guard let first = message.first else { return true }
    let reference = [UInt8](repeating: first, count: message.count)
    return memcmp(message, reference, message.count) == 0
}
