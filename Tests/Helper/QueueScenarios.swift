import Glibc
import Multiprocessing

/// Queues across processes.
let queueScenarios: [(String, Scenario)] = [
    // Three producers and two consumers: nothing lost, nothing duplicated,
    // and each producer's items arrive in the order it put them.
    ("queue-many", { _, context in
        let queue = try MP.Queue<Tagged?>(maxSize: 50)
        // One pipe per consumer: two processes writing to the same end at
        // once can interleave their bytes (each result is larger than the
        // pipe writes atomically).
        let pipes = try (0..<2).map { _ in try MP.Pipe() }
        let perProducer = 3000
        let producers = (0..<3).map {
            context.process(target: TaggedProducer.self,
                            argument: ProducerOrder(queue: queue, producer: $0, count: perProducer))
        }
        let consumers = pipes.map { pipe in
            context.process(target: TaggedConsumer.self, argument: ConsumerOrder(queue: queue, results: pipe.1))
        }
        for process in producers + consumers { try process.start() }
        for pipe in pipes { pipe.1.close() }
        for producer in producers { try producer.join() }
        for _ in consumers { try queue.put(nil) }
        let streams = try pipes.map { pipe in try pipe.0.recv([Tagged].self) }
        for consumer in consumers { try consumer.join() }
        let all = streams.flatMap { $0 }
        say("received", all.count)
        say("distinct", Set(all.map { "\($0.producer).\($0.sequence)" }).count)
        let ordered = streams.allSatisfy { stream in
            (0..<3).allSatisfy { producer in
                let sequences = stream.filter { $0.producer == producer }.map(\.sequence)
                return sequences == sequences.sorted()
            }
        }
        say("fifo.per.producer", ordered)
        say("both.consumers.worked", streams.allSatisfy { !$0.isEmpty })
        say("empty.after", queue.isEmpty)
    }),

    // A child puts 10 MB and is joined before anyone reads it.
    ("queue-big-join", { _, context in
        let queue = try MP.Queue<[UInt8]>()
        let child = context.process(target: BigPutter.self, argument: queue)
        try child.start()
        say("joined", try child.join(timeout: 20))
        say("exitCode", child.exitCode.map(String.init) ?? "nil")
        let message = try queue.get(timeout: 5)
        say("length", message.count)
        say("intact", message == bigMessage(count: 10_000_000))

        // Longer than the whole ring: it streams through while this process reads.
        let small = try MP.Queue<[UInt8]>(capacity: 1 << 20)
        let streamer = context.process(target: BigPutter.self, argument: small)
        try streamer.start()
        let streamed = try small.get(timeout: 20)
        try streamer.join()
        say("streamed.length", streamed.count)
        say("streamed.intact", streamed == bigMessage(count: 10_000_000))
    }),

    ("joinable", { _, context in
        let tasks = try MP.JoinableQueue<Int?>()
        let results = try MP.Queue<Int>()
        let workers = (0..<2).map { _ in
            context.process(target: JoinableWorker.self, argument: JoinableOrder(tasks: tasks, results: results))
        }
        for worker in workers { try worker.start() }
        for number in 1...10 { try tasks.put(number) }
        say("joined", tasks.join(timeout: 20))
        let squares = try (0..<10).map { _ in try results.get(timeout: 5) }.sorted()
        say("squares", squares.map(String.init).joined(separator: ","))
        for _ in workers { try tasks.put(nil) }
        for worker in workers { try worker.join() }
        say("unfinished", tasks.unfinishedTasks)
        say("too.many", describe { try tasks.taskDone() })
    }),

    // The course's squares example, with (x, x*x) pairs sorted afterwards.
    ("simple-queue", { _, context in
        let queue = try MP.SimpleQueue<[Int]>()
        let workers = (0..<5).map {
            context.process(target: Squarer.self, argument: SquareOrder(queue: queue, number: $0))
        }
        for worker in workers { try worker.start() }
        let pairs = try workers.map { _ in try queue.get() }.sorted { $0[0] < $1[0] }
        for worker in workers { try worker.join() }
        say("pairs", pairs.map { "\($0[0]):\($0[1])" }.joined(separator: ","))
        say("empty", queue.isEmpty)
    }),
]
