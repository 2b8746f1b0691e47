extension MP {
    /// The other side of a connection does not hold the same key.
    public struct AuthenticationError: Error, CustomStringConvertible, Equatable, Sendable {
        /// What went wrong, for a learner.
        public let reason: String

        public var description: String { "authentication failed: \(reason)" }
    }
}

/// The managers' mutual challenge: each side proves it holds the shared key
/// without sending it, by answering a fresh random challenge with
/// HMAC-SHA256(key, challenge). The server checks the client first and
/// hangs up on a wrong answer, having spent only a hash; then the client
/// checks the server. Every message is small and size-capped, and carries
/// data only.
///
/// The client's side blocks (`connect`); the server's side is
/// `ServerHandshake`, fed one frame at a time so that the server, which
/// serves everyone from one thread, never waits on one client.
enum MutualAuthentication {
    static let challengeTag: [UInt8] = Array("#MP-CHALLENGE#".utf8)
    static let welcome: [UInt8] = Array("#WELCOME#".utf8)
    static let failure: [UInt8] = Array("#FAILURE#".utf8)
    static let messageLimit = 256
    /// How long the client waits for each of the server's handshake messages.
    static let replyTimeLimit = 10.0

    /// The client's side: answer the server's challenge, then challenge it.
    static func connect(_ connection: MP.Connection, key: [UInt8]) throws {
        let message = try receive(connection, silence: "the server sent no challenge: does it use a key at all?")
        guard message.starts(with: challengeTag) else {
            throw MP.AuthenticationError(reason: "the server did not send a challenge")
        }
        try connection.sendBytes(answer(to: message, key: key))
        guard try receive(connection, silence: "the server did not answer") == welcome else {
            throw MP.AuthenticationError(reason: "the server refused our answer: the keys differ")
        }
        let nonce = freshNonce()
        try connection.sendBytes(challengeTag + nonce)
        let response = try receive(connection, silence: "the server did not answer our challenge")
        let good = HMACSHA256.matches(response, HMACSHA256.code(key: key, message: nonce))
        try connection.sendBytes(good ? welcome : failure)
        guard good else { throw MP.AuthenticationError(reason: "the server does not hold the key") }
    }

    private static func receive(_ connection: MP.Connection, silence: String) throws -> [UInt8] {
        guard try connection.poll(timeout: replyTimeLimit) else {
            throw MP.AuthenticationError(reason: "\(silence) (nothing came for \(Int(replyTimeLimit)) s)")
        }
        return try connection.recvBytes(maxLength: messageLimit)
    }

    static func freshNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// The answer to a challenge message (tag + nonce).
    static func answer(to challenge: [UInt8], key: [UInt8]) -> [UInt8] {
        HMACSHA256.code(key: key, message: Array(challenge.dropFirst(challengeTag.count)))
    }
}

/// The server's side of the mutual challenge, one received frame at a time.
enum ServerHandshake {
    /// The server's challenge went out; the client's answer is due.
    case awaitingAnswer(key: [UInt8], nonce: [UInt8])
    /// The client passed; its own challenge is due.
    case awaitingChallenge(key: [UInt8])
    /// The server answered; the client's verdict is due.
    case awaitingVerdict

    enum Step {
        /// Send `frame` and go on in `next`.
        case reply([UInt8], next: ServerHandshake)
        /// Both sides proved themselves.
        case done
        /// Hang up, after sending `frame` if any.
        case refuse([UInt8]?)
    }

    static func start(key: [UInt8]) -> (ServerHandshake, challenge: [UInt8]) {
        let nonce = MutualAuthentication.freshNonce()
        return (.awaitingAnswer(key: key, nonce: nonce), MutualAuthentication.challengeTag + nonce)
    }

    func receive(_ frame: [UInt8]) -> Step {
        switch self {
        case let .awaitingAnswer(key, nonce):
            guard HMACSHA256.matches(frame, HMACSHA256.code(key: key, message: nonce)) else {
                return .refuse(MutualAuthentication.failure)
            }
            return .reply(MutualAuthentication.welcome, next: .awaitingChallenge(key: key))
        case let .awaitingChallenge(key):
            guard frame.starts(with: MutualAuthentication.challengeTag) else { return .refuse(nil) }
            return .reply(MutualAuthentication.answer(to: frame, key: key), next: .awaitingVerdict)
        case .awaitingVerdict:
            return frame == MutualAuthentication.welcome ? .done : .refuse(nil)
        }
    }
}
