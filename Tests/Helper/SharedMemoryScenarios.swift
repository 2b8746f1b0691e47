import Glibc
import Multiprocessing

/// Shared arrays, named segments, conditions and barriers across processes.
let sharedMemoryScenarios: [(String, Scenario)] = [
    ("negate", { _, context in
        // The course's example, as in Python's documentation.
        let number = try MP.Value<Double>(0.0)
        let array = try MP.Array<Int32>(Swift.Array(0..<10))
        let p = context.process(target: Negater.self, argument: NegateOrder(number: number, array: array))
        try p.start()
        try p.join()
        say("exitCode", p.exitCode ?? 99)
        say("number", number.value)
        say("array", array.toArray())
    }),
    ("array-out-of-range", { _, context in
        let array = try MP.Array<Int32>([1, 2, 3])
        let p = context.process(target: OutOfRangeWriter.self, argument: array)
        try p.start()
        try p.join()
        say("exitCode", p.exitCode ?? 99)
        say("array", array.toArray())
    }),
    ("barrier", { _, context in
        let parties = 3
        let cycles = 3
        let barrier = try MP.Barrier(parties: parties, action: CycleCounter.self)
        let runs = try MP.Value<Int32>(0)
        let results = try MP.Array<Int32>(repeating: -1, count: parties * cycles * 2)
        let workers = (0..<parties).map { party in
            context.process(target: BarrierParty.self, argument: BarrierOrder(
                barrier: barrier, actionRuns: runs, results: results, party: party, cycles: cycles))
        }
        for worker in workers { try worker.start() }
        for worker in workers { try worker.join() }
        say("exitCodes", workers.map { String($0.exitCode ?? 99) }.joined(separator: ","))
        say("action.runs", runs.value)
        let all = results.toArray()
        for cycle in 0..<cycles {
            let entries = (0..<parties).map { party in (cycle * parties + party) * 2 }
            say("cycle\(cycle).indices", entries.map { all[$0] }.sorted().map(String.init).joined(separator: ","))
            say("cycle\(cycle).runs.seen", entries.map { String(all[$0 + 1]) }.joined(separator: ","))
        }
        say("broken", barrier.isBroken)
    }),
    ("condition", { _, context in
        let lock = try MP.RLock()
        let order = BufferOrder(
            notEmpty: try MP.Condition(lock: lock), notFull: try MP.Condition(lock: lock),
            slots: try MP.Array<Int64>(zeroFilledCount: 3, lock: .none),
            state: try MP.Array<Int64>(zeroFilledCount: 3, lock: .none), items: 200)
        let consumer = context.process(target: Consumer.self, argument: order)
        let producer = context.process(target: Producer.self, argument: order)
        try consumer.start()
        try producer.start()
        try producer.join()
        try consumer.join()
        say("exitCodes", "\(producer.exitCode ?? 99),\(consumer.exitCode ?? 99)")
        say("sum", order.state[2])
        say("left", order.state[1])
    }),
    ("named-segment", { method, context in
        let name = segmentPrefix + "named-\(method)"
        let block = try MP.SharedMemory(name: name, create: true, size: 64)
        let p = context.process(target: SegmentWriter.self, argument: block)
        try p.start()
        try p.join()
        say("exitCode", p.exitCode ?? 99)
        let bytes = try block.readBytes()
        say("read", String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
        say("child.isCreator", bytes[63] == 1)
        say("exists.after.child", segmentExists(name))
        let again = try MP.SharedMemory(name: name)
        say("attach.again.size", again.size)
        again.close()
        block.close()
        try block.unlink()
        say("exists.after.unlink", segmentExists(name))
    }),
    ("killed-attacher", { method, context in
        let name = segmentPrefix + "killed-\(method)"
        let block = try MP.SharedMemory(name: name, create: true, size: 4096)
        let attached = try MP.Event()
        let p = context.process(target: SegmentSleeper.self, argument: AttachOrder(block: block, attached: attached))
        try p.start()
        say("attached", attached.wait(timeout: 30))
        try p.kill()
        try p.join()
        say("exitCode", p.exitCode ?? 99)
        say("byte", try block.readBytes(count: 1)[0])
        say("exists.after.kill", segmentExists(name))
        block.close()
        try block.unlink()
        say("exists.after.unlink", segmentExists(name))
    }),
    ("creator-exit", { method, context in
        // Nothing is unlinked here by hand: the creators do it as they end.
        let kept = try MP.SharedMemory(name: segmentPrefix + "exit-\(method)", create: true, size: 32)
        let generated = try MP.SharedMemory(create: true, size: 32)
        say("kept", kept.name)
        say("generated", generated.name)
        let ownName = segmentPrefix + "exit-child-\(method)"
        let child = context.process(
            target: SegmentCreatorChild.self, argument: OwnSegmentOrder(inherited: kept, ownName: ownName))
        try child.start()
        try child.join()
        say("child.exitCode", child.exitCode ?? 99)
        say("child.segment.exists", segmentExists(ownName))
        say("parent.segment.exists.after.child", segmentExists(kept.name))
        say("parent.byte", try kept.readBytes(count: 1)[0])
        if method == .fork {
            let closure = context.process {
                try kept.writeBytes([8])
                say("closure.isCreator", kept.isCreator)
            }
            try closure.start()
            try closure.join()
            say("closure.exitCode", closure.exitCode ?? 99)
            say("parent.segment.exists.after.closure", segmentExists(kept.name))
        }
    }),
]
