#if canImport(Glibc)
import Glibc
#endif

struct ManagerServerOrder: Codable {
    /// The listening socket, handed over like a connection's descriptor.
    var listener: ListeningSocket
}

/// The local manager's server process: serves the objects its owner creates.
enum ManagerServerMain: MP.ProcessTarget {
    static func run(_ order: ManagerServerOrder) throws {
        try ServerLoop(listener: order.listener, key: nil, registry: [:]).run()
    }
}

/// What a name registered on a server stands for.
enum Registration {
    /// One object, made when serving starts; every caller gets it.
    case shared(ObjectSpec)
    /// A function run for each call, each time making a new object.
    case factory(@Sendable () throws -> MP.ManagedObject)
}

/// The loop every manager server runs: one thread, one request at a time,
/// so operations on one object never interleave, and no client can make it
/// wait. A request that must wait (a get from an empty queue, an acquire of
/// a held lock, a wait for an event) is parked and answered when the object
/// changes or its timeout passes; the client that asked waits, nobody else.
final class ServerLoop {
    private struct Parked {
        var session: ManagerSession
        var request: ManagerRequest
        var deadline: Double?
    }

    private let listener: ListeningSocket
    private let key: [UInt8]?
    private var registry: [String: Registration]
    private var sharedObjects: [String: UInt64] = [:]
    private var store = ManagedStore()
    private var sessions: [ManagerSession] = []
    private var parked: [Parked] = []
    private var nextSession = 1
    private let stopSignal: StopSignal?

    init(listener: ListeningSocket, key: [UInt8]?, registry: [String: Registration], stopSignal: StopSignal? = nil) {
        self.listener = listener
        self.key = key
        self.registry = registry
        self.stopSignal = stopSignal
        for (name, registration) in registry {
            if case let .shared(spec) = registration { sharedObjects[name] = store.create(spec) }
        }
    }

    /// Serves until a client asks it to shut down or `stopSignal` fires.
    func run() throws {
        defer {
            listener.close()
            sessions.forEach { $0.close() }
        }
        while true {
            var watched: [any MP.Waitable] = [listener] + sessions
            if let stopSignal { watched.append(stopSignal) }
            // Poll briefly before sleeping, as a blocking receive does: a
            // client's next request usually follows within microseconds.
            BriefSpin.waitReadable(try watched.map { try $0.waitDescriptor })
            let ready = try MP.wait(watched, timeout: nextDeadline().map { max(0, $0 - Deadline.now()) })
            if let stopSignal, ready.contains(where: { $0 === stopSignal }) { return }
            if ready.contains(where: { $0 === listener }), let client = listener.acceptDescriptor() {
                sessions.append(ManagerSession(id: nextSession, descriptor: client, key: key))
                nextSession += 1
            }
            for session in sessions where ready.contains(where: { $0 === session }) {
                for request in session.receiveRequests() {
                    if case .shutdown = request.operation {
                        session.send(.done)
                        return
                    }
                    handle(request, from: session)
                }
            }
            expire()
            for session in sessions where session.isClosed { ended(session) }
            sessions.removeAll { $0.isClosed }
        }
    }

    private func handle(_ request: ManagerRequest, from session: ManagerSession) {
        if case let .call(name) = request.operation {
            session.send(call(name))
            return
        }
        switch store.perform(request, session: session.id) {
        case let .reply(reply):
            session.send(reply)
            wakeParked()
        case .wait:
            let timeout = request.operation.waitLimit ?? nil
            parked.append(Parked(session: session, request: request, deadline: timeout.map { Deadline.now() + $0 }))
        }
    }

    private func call(_ name: String) -> ManagerReply {
        switch registry[name] {
        case nil:
            return .failure(.unknownName(name))
        case .shared?:
            guard let id = sharedObjects[name], let kind = store.kind(of: id) else { return .failure(.unknownName(name)) }
            return .created(id, kind)
        case let .factory(make)?:
            do {
                let spec = try make().spec
                return .created(store.create(spec), spec.kind)
            } catch {
                return .failure(.factoryFailed(name: name, reason: "\(error)"))
            }
        }
    }

    /// Retries parked requests, oldest first, until none can go on: a put
    /// can let a get through, whose room lets another put through.
    private func wakeParked() {
        var progressed = true
        while progressed && !parked.isEmpty {
            progressed = false
            var index = 0
            while index < parked.count {
                let waiting = parked[index]
                if case let .reply(reply) = store.perform(waiting.request, session: waiting.session.id) {
                    parked.remove(at: index)
                    waiting.session.send(reply)
                    progressed = true
                } else {
                    index += 1
                }
            }
        }
    }

    /// Answers parked requests whose timeout passed, and drops clients
    /// that never finished proving they hold the key.
    private func expire() {
        let now = Deadline.now()
        parked.removeAll { waiting in
            guard let deadline = waiting.deadline, deadline <= now else { return false }
            waiting.session.send(.timedOut)
            return true
        }
        for session in sessions where session.isAuthenticating
            && now - session.openedAt > ManagerSession.authenticationTimeLimit {
            session.close()
        }
    }

    private func nextDeadline() -> Double? {
        var deadlines = parked.compactMap(\.deadline)
        if let oldest = sessions.filter(\.isAuthenticating).map(\.openedAt).min() {
            deadlines.append(oldest + ManagerSession.authenticationTimeLimit)
        }
        return deadlines.min()
    }

    /// A client went away: its parked requests go, and its locks are freed.
    private func ended(_ session: ManagerSession) {
        parked.removeAll { $0.session === session }
        store.sessionEnded(session.id)
        wakeParked()
    }
}

/// A pipe another thread writes to, to make `ServerLoop.run` return.
final class StopSignal: MP.Waitable, @unchecked Sendable {
    private let ends: (read: Int32, write: Int32)

    init() throws {
        ends = try Descriptors.pipe()
    }

    deinit {
        Descriptors.close(ends.read)
        Descriptors.close(ends.write)
    }

    func fire() {
        var byte: UInt8 = 1
        _ = write(ends.write, &byte, 1)
    }

    var waitDescriptor: Int32 { ends.read }
}
