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
