import Glibc
import Multiprocessing

/// One item of the many-producers test: who put it and its sequence number.
struct Tagged: Codable, Equatable {
    var producer: Int
    var sequence: Int
}

struct ProducerOrder: Codable {
    var queue: MP.Queue<Tagged?>
    var producer: Int
    var count: Int
}

/// Puts `count` tagged items.
enum TaggedProducer: MP.ProcessTarget {
    static func run(_ order: ProducerOrder) throws {
        for sequence in 0..<order.count {
            try order.queue.put(Tagged(producer: order.producer, sequence: sequence))
        }
    }
}

struct ConsumerOrder: Codable {
    var queue: MP.Queue<Tagged?>
    var results: MP.Connection
}

/// Gets until nil and sends back everything it got, in order.
enum TaggedConsumer: MP.ProcessTarget {
    static func run(_ order: ConsumerOrder) throws {
        var got: [Tagged] = []
        while let item = try order.queue.get() { got.append(item) }
        try order.results.send(got)
    }
}

/// Puts one 10 MB message and returns at once.
enum BigPutter: MP.ProcessTarget {
    static func run(_ queue: MP.Queue<[UInt8]>) throws {
        try queue.put(bigMessage(count: 10_000_000))
    }
}

/// The same recognisable bytes in every process (built once per process).
func bigMessage(count: Int) -> [UInt8] {
    count == tenMegabytes.count ? tenMegabytes : makeMessage(count: count)
}

let tenMegabytes = makeMessage(count: 10_000_000)

private func makeMessage(count: Int) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        for index in 0..<count { buffer[index] = UInt8(truncatingIfNeeded: index &* 7 &+ index >> 10) }
        initialized = count
    }
}

/// Takes tasks until nil, squares them onto the results queue, and marks
/// each task done.
enum JoinableWorker: MP.ProcessTarget {
    static func run(_ queues: JoinableOrder) throws {
        while let task = try queues.tasks.get() {
            try queues.results.put(task * task)
            try queues.tasks.taskDone()
        }
        try queues.tasks.taskDone()
    }
}

struct JoinableOrder: Codable {
    var tasks: MP.JoinableQueue<Int?>
    var results: MP.Queue<Int>
}

struct SquareOrder: Codable {
    var queue: MP.SimpleQueue<[Int]>
    var number: Int
}

/// The course's squares example: puts (x, x*x).
enum Squarer: MP.ProcessTarget {
    static func run(_ order: SquareOrder) throws {
        try order.queue.put([order.number, order.number * order.number])
    }
}
