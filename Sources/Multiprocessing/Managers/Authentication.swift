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
enum MutualAuthentication {
    static let challengeTag: [UInt8] = Array("#MP-CHALLENGE#".utf8)
    static let welcome: [UInt8] = Array("#WELCOME#".utf8)
    static let failure: [UInt8] = Array("#FAILURE#".utf8)
    static let messageLimit = 256

    /// The server's side: challenge the client, then answer its challenge.
    static func serve(_ connection: MP.Connection, key: [UInt8]) throws {
        guard try challenge(connection, key: key) else {
            throw MP.AuthenticationError(reason: "the client does not hold the key")
        }
        try answer(connection, key: key)
    }

    /// The client's side: answer the server's challenge, then challenge it.
    static func connect(_ connection: MP.Connection, key: [UInt8]) throws {
        try answer(connection, key: key)
        guard try challenge(connection, key: key) else {
            throw MP.AuthenticationError(reason: "the server does not hold the key")
        }
    }

    private static func challenge(_ connection: MP.Connection, key: [UInt8]) throws -> Bool {
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try connection.sendBytes(challengeTag + nonce)
        let response = try connection.recvBytes(maxLength: messageLimit)
        let good = HMACSHA256.matches(response, HMACSHA256.code(key: key, message: nonce))
        try connection.sendBytes(good ? welcome : failure)
        return good
    }

    private static func answer(_ connection: MP.Connection, key: [UInt8]) throws {
        let message = try connection.recvBytes(maxLength: messageLimit)
        guard message.starts(with: challengeTag) else {
            throw MP.AuthenticationError(reason: "the other side did not send a challenge")
        }
        try connection.sendBytes(HMACSHA256.code(key: key, message: Array(message.dropFirst(challengeTag.count))))
        guard try connection.recvBytes(maxLength: messageLimit) == welcome else {
            throw MP.AuthenticationError(reason: "the other side refused our answer: the keys differ")
        }
    }
}
