import Glibc
import Multiprocessing

let managerScenarios: [String: Scenario] = [
    "manager": { _, context in
        try MP.withManager(context: context) { manager in
            let n = 100
            let list = try manager.list(Array(0..<n))
            let workers = (1..<n).map {
                context.process(target: IndexSquarer.self, argument: SquareOrder2(list: list, index: $0))
            }
            for worker in workers { try worker.start() }
            for worker in workers { try worker.join() }
            say("squares", try list.toArray() == (0..<n).map { $0 * $0 })
            say("exit.codes", Set(try workers.map { try $0.exitCode ?? 99 }).map(String.init).joined(separator: ","))

            let bundle = ProxyBundle(
                list: try manager.list(["from parent"]), dict: try manager.dict(["parent": 41]),
                namespace: try manager.namespace(), value: try manager.value(1.5))
            let user = context.process(target: ProxyUser.self, argument: bundle)
            try user.start()
            try user.join()
            say("list", try bundle.list.toArray().joined(separator: "|"))
            say("dict", try bundle.dict.toDictionary().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))
            say("namespace", try bundle.namespace.get("greeting", as: String.self))
            say("value", try bundle.value.get())
            var copy = try bundle.list.toArray()
            copy.append("local only")
            say("copy.is.not.shared", try bundle.list.count())
            say("index.error", describe { _ = try bundle.list.get(10) })
            say("negative.index", try bundle.list.get(-1))
            say("key.error", describe { _ = try bundle.dict.get("nobody") })
            manager.shutdown()
            say("after.shutdown", describe { _ = try bundle.list.count() }.hasPrefix("ManagerError"))
        }
        say("active", MP.activeChildren().count)
    },
]

/// A raw connection to a Unix socket, for sending malformed frames.
func rawConnect(_ path: String) -> Int32 {
    let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        let bytes = Array(path.utf8)
        raw.copyBytes(from: bytes)
        raw[bytes.count] = 0
    }
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    if result != 0 {
        close(descriptor)
        return -1
    }
    return descriptor
}

func rawSend(_ descriptor: Int32, _ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
}

func lengthPrefix(_ length: UInt32) -> [UInt8] {
    withUnsafeBytes(of: length.littleEndian) { Array($0) }
}

let managerFuzzScenarios: [String: Scenario] = [
    // At least 10 000 random and malformed frames at a running server while
    // a well-behaved client works; the server must keep serving it.
    "manager-fuzz": { _, context in
        try MP.withManager(context: context) { manager in
            let list = try manager.list([Int]())
            let (mine, theirs) = try MP.Pipe()
            let victim = context.process(target: WellBehavedClient.self, argument: VictimOrder(list: list, results: theirs))
            try victim.start()
            var random = SystemRandomNumberGenerator()
            var frames = 0
            var slow: [Int32] = []
            for _ in 0..<1000 {
                let descriptor = rawConnect(manager.address)
                guard descriptor >= 0 else { continue }
                for _ in 0..<10 {
                    frames += 1
                    let payload = (0..<Int.random(in: 0...48, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                    switch Int.random(in: 0..<6, using: &random) {
                    case 0: rawSend(descriptor, payload)                                   // bytes with no framing
                    case 1: rawSend(descriptor, lengthPrefix(UInt32(payload.count)) + payload)  // a frame of garbage
                    case 2:                                                                 // a frame that looks like data
                        let shaped: [UInt8] = [0x0A, 0x02, 0x06] + Array("object".utf8) + [0x04, 0x01, 0x09] + payload
                        rawSend(descriptor, lengthPrefix(UInt32(shaped.count)) + shaped)
                    case 3: rawSend(descriptor, lengthPrefix(0xFFFF_FFF0) + payload)         // an oversize length
                    case 4: rawSend(descriptor, lengthPrefix(100) + Array(payload.prefix(10)))  // cut short, then gone
                    default:                                                                // a slow client
                        rawSend(descriptor, lengthPrefix(50) + Array(payload.prefix(5)))
                        if slow.count < 20, let held = Optional(rawConnect(manager.address)), held >= 0 {
                            rawSend(held, lengthPrefix(50) + [1, 2, 3])
                            slow.append(held)
                        }
                    }
                }
                close(descriptor)
            }
            let correct = try mine.recv(Int.self)
            try victim.join()
            slow.forEach { close($0) }
            say("frames", frames)
            say("victim.correct", correct)
            try list.append(-1)
            say("still.serving", try list.get(-1) == -1)
        }
    },
]
