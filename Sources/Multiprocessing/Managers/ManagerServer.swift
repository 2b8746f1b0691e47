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
///
/// Clients are bounded: at most `maxHandshakes` may be proving their key
/// at once and `maxSessions` connected, and when accepting fails (out of
/// descriptors) the listener rests for a moment instead of spinning.
///
/// A flood of connections that never finish the handshake (silent, garbage,
/// half-sent) must not lock good clients out, so a full handshake table
/// never stops accepting: the newcomer takes the place of the client that
/// has been proving its key the longest. A good client answers the
/// challenge within a round trip, so the oldest is almost always a bad one.
final class ServerLoop {
    static let maxSessions = 512
    static let maxHandshakes = 256
    /// Requests taken from one client before the others get their turn.
    static let requestsPerTurn = 64

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
    private var acceptingAgainAt = 0.0
    private var finished = false
    /// Where every read lands before joining its session's input.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    init(listener: ListeningSocket, key: [UInt8]?, registry: [String: Registration], stopSignal: StopSignal? = nil) {
        self.listener = listener
        self.key = key
        self.registry = registry
        self.stopSignal = stopSignal
        for (name, registration) in registry {
            if case let .shared(spec) = registration { sharedObjects[name] = store.create(spec) }
        }
    }

    /// Serves until a client asks it to shut down or `stopSignal` fires;
    /// then stops listening and closes every connection.
    func run() throws {
        guard !finished else { throw MP.ManagerError.alreadyServed }
        SignalSetup.ignoreBrokenPipeSignal()
        // Several clients are accepted per wake-up, so accepting must not
        // block once none is left.
        _ = fcntl(listener.descriptor, F_SETFL, fcntl(listener.descriptor, F_GETFL) | O_NONBLOCK)
        defer {
            finished = true
            listener.removeSocketFile()
            listener.close()
            sessions.forEach { $0.close() }
            sessions = []
            parked = []
        }
        while true {
            var entries = pollEntries()
            let waitForever = -1
            var timeout = nextDeadline().map { Deadline(timeout: $0 - Deadline.now()).remainingMilliseconds } ?? Int32(waitForever)
            if sessions.contains(where: \.hasBufferedFrame) { timeout = 0 }
            if timeout != 0 && !sessions.contains(where: \.hasPendingOutput) {
                // Poll briefly before sleeping, as a blocking receive does: a
                // client's next request usually follows within microseconds.
                BriefSpin.waitReady(&entries)
            }
            if entries.allSatisfy({ $0.revents == 0 }) {
                guard poll(&entries, nfds_t(entries.count), timeout) >= 0 || errno == EINTR else {
                    throw MP.SystemCallError(call: "poll", code: errno)
                }
            }
            if let stopSignal, entries.contains(where: { $0.fd == stopSignal.descriptor && $0.revents != 0 }) { return }
            if entries.contains(where: { $0.fd == listener.descriptor && $0.revents != 0 }) { accept() }
            let ready = Dictionary(entries.map { ($0.fd, $0.revents) }, uniquingKeysWith: { $0 | $1 })
            for session in sessions where !session.isClosed {
                let events = ready[session.descriptor] ?? 0
                if events & Int16(POLLOUT) != 0 { session.flush() }
                if events & Int16(POLLIN | POLLHUP | POLLERR) != 0 && session.wantsInput {
                    session.readAvailable(using: &scratch)
                }
                for request in session.nextRequests(limit: ServerLoop.requestsPerTurn) {
                    if case .shutdown = request.operation {
                        session.send(.done)
                        return
                    }
                    handle(request, from: session)
                }
            }
            expire()
            let closed = sessions.filter(\.isClosed)
            sessions.removeAll { $0.isClosed }
            closed.forEach(ended)
        }
    }

    /// What to wait for: new clients (unless resting or full), the stop
    /// signal, and each client's input or, while its replies wait, its room
    /// to take them.
    private func pollEntries() -> [pollfd] {
        var entries: [pollfd] = []
        if Deadline.now() >= acceptingAgainAt && hasRoomForAClient {
            entries.append(pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0))
        }
        if let stopSignal { entries.append(pollfd(fd: stopSignal.descriptor, events: Int16(POLLIN), revents: 0)) }
        for session in sessions where !session.isClosed {
            let events = session.hasPendingOutput ? POLLOUT : (session.wantsInput ? POLLIN : 0)
            if events != 0 { entries.append(pollfd(fd: session.descriptor, events: Int16(events), revents: 0)) }
        }
        return entries
    }

    /// Whether a new client can come in, if need be in place of the
    /// longest-authenticating one.
    private var hasRoomForAClient: Bool {
        sessions.count < ServerLoop.maxSessions || sessions.contains { $0.isAuthenticating && !$0.isClosed }
    }

    /// Closes the client that has been proving its key the longest when the
    /// handshake table or the session table is full.
    private func makeRoomForAClient() {
        let authenticating = sessions.filter { $0.isAuthenticating && !$0.isClosed }
        let live = sessions.count - sessions.filter(\.isClosed).count
        guard authenticating.count >= ServerLoop.maxHandshakes || live >= ServerLoop.maxSessions,
              let oldest = authenticating.min(by: { $0.openedAt < $1.openedAt }) else { return }
        oldest.close()
    }

    private func accept() {
        for _ in 0..<16 where hasRoomForAClient {
            makeRoomForAClient()
            switch listener.acceptClient() {
            case let .client(descriptor):
                sessions.append(ManagerSession(id: nextSession, descriptor: descriptor, key: key))
                nextSession += 1
            case .none:
                return
            case .outOfResources:
                acceptingAgainAt = Deadline.now() + 0.1
                return
            }
        }
    }

    private func handle(_ request: ManagerRequest, from session: ManagerSession) {
        switch request.operation {
        case let .call(name):
            session.send(call(name))
            return
        case let .identify(token):
            session.identify(token)
        case .release where sharedObjects.values.contains(request.object):
            session.send(.failure(.unsupported("release of an object registered as shared: every client uses it")))
            return
        default:
            break
        }
        switch store.perform(request, owner: session.owner) {
        case let .reply(reply):
            session.send(reply)
            if request.operation.mayUnblockOthers { wakeParked() }
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
                if case let .reply(reply) = store.perform(waiting.request, owner: waiting.session.owner) {
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
    /// that never finished proving they hold the key or stopped taking
    /// their replies.
    private func expire() {
        let now = Deadline.now()
        parked.removeAll { waiting in
            guard let deadline = waiting.deadline, deadline <= now else { return false }
            waiting.session.send(.timedOut)
            return true
        }
        for session in sessions where (session.isAuthenticating
            && now - session.openedAt > ManagerSession.authenticationTimeLimit) || session.isStalled(now: now) {
            session.close()
        }
    }

    private func nextDeadline() -> Double? {
        var deadlines = parked.compactMap(\.deadline)
        if let oldest = sessions.filter(\.isAuthenticating).map(\.openedAt).min() {
            deadlines.append(oldest + ManagerSession.authenticationTimeLimit)
        }
        if sessions.contains(where: \.hasPendingOutput) { deadlines.append(Deadline.now() + 1) }
        if acceptingAgainAt > Deadline.now() { deadlines.append(acceptingAgainAt) }
        return deadlines.min()
    }

    /// A client's connection went away: its parked requests go, and when it
    /// was the client's last connection, its locks are freed.
    private func ended(_ session: ManagerSession) {
        parked.removeAll { $0.session === session }
        let owner = session.owner
        guard !sessions.contains(where: { $0.owner == owner }) else { return }
        store.clientEnded(owner)
        wakeParked()
    }
}

/// A pipe another thread writes to, to make `ServerLoop.run` return.
final class StopSignal: @unchecked Sendable {
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

    /// Readable once `fire()` was called.
    var descriptor: Int32 { ends.read }
}
