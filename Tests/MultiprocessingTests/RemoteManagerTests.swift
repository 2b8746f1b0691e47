import Foundation
import Multiprocessing
import XCTest

/// Managers served on an address, with `BaseManager`: register, serve,
/// connect, authenticate.
final class RemoteManagerTests: HelperTestCase {
    /// The course's distributed queue on TCP (one client process puts,
    /// another gets), a wrong key, unknown names, factories, errors, shutdown,
    /// a restart on the same address, and the same over a Unix socket.
    func testRemoteQueueKeysNamesAndRestart() throws {
        for method in methods {
            let v = try scenario("manager-remote", method).values
            XCTAssertEqual(v["tcp.port.chosen"], "true", method)
            XCTAssertEqual(v["unix.port.nil"], "true", method)
            XCTAssertEqual(v["tcp.exchange"], "Hi There|Hello World", method)
            let refused = "AuthenticationError:authentication failed: the server refused our answer: the keys differ"
            XCTAssertEqual(v["wrong.key.connect"], refused, method)
            XCTAssertEqual(v["wrong.key.proxy"], refused, method)
            XCTAssertEqual(v["wrong.key.again"], refused, method)
            XCTAssertEqual(v["still.serving"], "7", "\(method): wrong keys cost the server nothing")
            XCTAssertEqual(v["factory.fresh"], "4,3", "\(method): each factory call makes a new object")
            XCTAssertEqual(v["factory.error"], "ManagerError:\(MP.ManagerError.factoryFailed(name: "broken", reason: "this factory always refuses"))", method)
            XCTAssertEqual(v["unknown.name"], "ManagerError:\(MP.ManagerError.unknownName("nothing"))", method)
            XCTAssertEqual(v["not.registered"], "ManagerError:\(MP.ManagerError.notRegistered("unregistered"))", method)
            XCTAssertEqual(v["wrong.proxy"], "ManagerError:\(MP.ManagerError.wrongProxyType(name: "getQueue", expected: "list", found: "queue"))", method)
            XCTAssertEqual(v["no.key"], "ManagerError:\(MP.ManagerError.authKeyRequired)", method)
            XCTAssertEqual(v["nil.key"], "ManagerError:\(MP.ManagerError.authKeyRequired)", method)
            XCTAssertEqual(v["bad.host"]?.hasPrefix("ManagerError:bad manager address: cannot resolve host"), true, method)
            XCTAssertEqual(v["tcp.server.exit"], "0", method)
            XCTAssertEqual(v["after.shutdown"], "true", method)
            XCTAssertEqual(v["tcp.restart"], "again", "\(method): a server restarts on the same port")
            XCTAssertEqual(v["unix.mode"], "600", method)
            XCTAssertEqual(v["unix.exchange"], "over unix", method)
            XCTAssertEqual(v["unix.restart"], "stale socket replaced", method)
            XCTAssertEqual(v["active"], "0", method)
        }
    }

    /// A server program and two client programs, none a child of another,
    /// on the loopback interface.
    func testServerAndClientsAsSeparatePrograms() throws {
        try exchangeBetweenPrograms(serverLauncher: [], clientLauncher: [], host: "127.0.0.1")
    }

    /// The same with the server in one network namespace and the clients in
    /// another, joined by a virtual Ethernet pair: the remote path crosses a
    /// real network interface. Needs root and `ip netns`.
    func testRemoteQueueAcrossNetworkNamespaces() throws {
        let namespaces = try NetworkNamespacePair.make()
        defer { namespaces.remove() }
        try exchangeBetweenPrograms(
            serverLauncher: namespaces.launcher(namespaces.server),
            clientLauncher: namespaces.launcher(namespaces.client),
            host: NetworkNamespacePair.serverAddress)
    }

    private func exchangeBetweenPrograms(serverLauncher: [String], clientLauncher: [String], host: String) throws {
        let key = "shared between programs"
        let listenHost = serverLauncher.isEmpty ? host : "0.0.0.0"
        let server = try HelperProgram(["manager-serve", "forkserver", "tcp:\(listenHost):0", key], launcher: serverLauncher)
        XCTAssertTrue(server.waitForValues(["port"], timeout: 20), "server output: \(server.output) \(server.errors)")
        let address = "tcp:\(host):\(server.values["port"] ?? "0")"
        let getter = try HelperProgram(["manager-client", "forkserver", address, key, "get", "2"], launcher: clientLauncher)
        let putter = try HelperProgram.run(["manager-client", "forkserver", address, key, "put", "Hi There", "Hello World"],
                                           launcher: clientLauncher)
        XCTAssertEqual(putter.exitCode, 0, putter.output + putter.errors)
        XCTAssertTrue(getter.wait(timeout: 30))
        XCTAssertEqual(getter.values["got"], "Hi There|Hello World", getter.output + getter.errors)
        let intruder = try HelperProgram.run(["manager-client", "forkserver", address, "wrong key", "get", "1"], launcher: clientLauncher)
        XCTAssertEqual(intruder.exitCode, 1)
        XCTAssertTrue(intruder.output.contains("error=AuthenticationError"), intruder.output)
        let stopper = try HelperProgram.run(["manager-client", "forkserver", address, key, "stop"], launcher: clientLauncher)
        XCTAssertEqual(stopper.exitCode, 0, stopper.output + stopper.errors)
        XCTAssertTrue(server.wait(timeout: 10))
        XCTAssertEqual(server.exitCode, 0)
        XCTAssertEqual(server.values["served"], "true")
    }
}

/// Two network namespaces joined by a veth pair, made for one test.
struct NetworkNamespacePair {
    static let serverAddress = "169.254.77.1"
    static let clientAddress = "169.254.77.2"
    static let ip = "/usr/sbin/ip"

    let server: String
    let client: String

    static func make() throws -> NetworkNamespacePair {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: ip) else {
            throw XCTSkip("network namespaces need root and \(ip); the namespace test is skipped on this machine")
        }
        let tag = String(getpid() % 100_000)
        let pair = NetworkNamespacePair(server: "mp-server-\(tag)", client: "mp-client-\(tag)")
        let steps: [[String]] = [
            ["netns", "add", pair.server],
            ["netns", "add", pair.client],
            ["link", "add", "mps\(tag)", "type", "veth", "peer", "name", "mpc\(tag)"],
            ["link", "set", "mps\(tag)", "netns", pair.server],
            ["link", "set", "mpc\(tag)", "netns", pair.client],
            ["-n", pair.server, "addr", "add", "\(serverAddress)/30", "dev", "mps\(tag)"],
            ["-n", pair.client, "addr", "add", "\(clientAddress)/30", "dev", "mpc\(tag)"],
            ["-n", pair.server, "link", "set", "mps\(tag)", "up"],
            ["-n", pair.client, "link", "set", "mpc\(tag)", "up"],
            ["-n", pair.server, "link", "set", "lo", "up"],
            ["-n", pair.client, "link", "set", "lo", "up"],
        ]
        for step in steps {
            let (status, output) = run(step)
            if status != 0 {
                pair.remove()
                throw XCTSkip("network namespaces are not available here (ip \(step.joined(separator: " ")): \(output)); skipped")
            }
        }
        return pair
    }

    func launcher(_ namespace: String) -> [String] {
        [NetworkNamespacePair.ip, "netns", "exec", namespace]
    }

    /// Deleting the namespaces also deletes the veth pair.
    func remove() {
        _ = NetworkNamespacePair.run(["netns", "del", server])
        _ = NetworkNamespacePair.run(["netns", "del", client])
    }

    private static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: ip)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
