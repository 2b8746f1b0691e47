@testable import Multiprocessing
import Foundation
import XCTest

final class AuthenticationTests: XCTestCase {
    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testHMACAgainstRFC4231Vectors() {
        XCTAssertEqual(hex(HMACSHA256.code(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))),
                       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        XCTAssertEqual(hex(HMACSHA256.code(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // A key longer than a block is hashed first (RFC 4231 case 6).
        XCTAssertEqual(hex(HMACSHA256.code(key: [UInt8](repeating: 0xaa, count: 131),
                                          message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))),
                       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        XCTAssertTrue(HMACSHA256.matches([1, 2, 3], [1, 2, 3]))
        XCTAssertFalse(HMACSHA256.matches([1, 2, 3], [1, 2, 4]))
        XCTAssertFalse(HMACSHA256.matches([1, 2], [1, 2, 3]))
    }

    /// Runs the server side on a thread and the client here.
    private func handshake(serverKey: [UInt8], clientKey: [UInt8]) throws -> (server: (any Error)?, client: (any Error)?) {
        let (serverEnd, clientEnd) = try MP.Pipe()
        let serverResult = expectation(description: "server side")
        nonisolated(unsafe) var serverError: (any Error)?
        Thread {
            do { try AuthenticationTests.serveHandshake(serverEnd, key: serverKey) } catch { serverError = error }
            serverEnd.close()
            serverResult.fulfill()
        }.start()
        var clientError: (any Error)?
        do { try MutualAuthentication.connect(clientEnd, key: clientKey) } catch { clientError = error }
        wait(for: [serverResult], timeout: 10)
        return (serverError, clientError)
    }

    /// Drives the server's frame-at-a-time handshake over a blocking connection.
    private static func serveHandshake(_ connection: MP.Connection, key: [UInt8]) throws {
        var (state, challenge) = ServerHandshake.start(key: key)
        try connection.sendBytes(challenge)
        while true {
            switch state.receive(try connection.recvBytes(maxLength: MutualAuthentication.messageLimit)) {
            case let .reply(frame, next):
                try connection.sendBytes(frame)
                state = next
            case .done:
                return
            case let .refuse(frame):
                if let frame { try connection.sendBytes(frame) }
                throw MP.AuthenticationError(reason: "refused")
            }
        }
    }

    /// A client that answers correctly but then fails the server's answer
    /// (it pretends the server is wrong) is refused by the handshake too.
    func testServerHandshakeRefusesABadVerdictAndAMissingChallenge() {
        let key = Array("k".utf8)
        var (state, challenge) = ServerHandshake.start(key: key)
        guard case let .reply(welcome, next) = state.receive(MutualAuthentication.answer(to: challenge, key: key)) else {
            return XCTFail("a right answer is welcomed")
        }
        XCTAssertEqual(welcome, MutualAuthentication.welcome)
        state = next
        guard case .refuse = state.receive(Array("no challenge here".utf8)) else { return XCTFail("a client must challenge back") }
        guard case let .reply(_, verdictState) = state.receive(MutualAuthentication.challengeTag + [1, 2, 3]) else {
            return XCTFail("a challenge is answered")
        }
        guard case .refuse = verdictState.receive(MutualAuthentication.failure) else { return XCTFail("a failure verdict ends it") }
        guard case .done = verdictState.receive(MutualAuthentication.welcome) else { return XCTFail("a welcome completes it") }
        guard case .refuse = ServerHandshake.start(key: key).0.receive([0, 1, 2]) else { return XCTFail("a wrong answer is refused") }
    }

    func testSameKeyPassesBothWays() throws {
        let key = Array("shared secret".utf8)
        let result = try handshake(serverKey: key, clientKey: key)
        XCTAssertNil(result.server)
        XCTAssertNil(result.client)
    }

    func testWrongKeyFailsOnTheClientWithAuthenticationError() throws {
        let result = try handshake(serverKey: Array("right".utf8), clientKey: Array("wrong".utf8))
        XCTAssertTrue(result.client is MP.AuthenticationError, "\(String(describing: result.client))")
        XCTAssertTrue(result.server is MP.AuthenticationError, "the server refuses and hangs up")
    }
}
