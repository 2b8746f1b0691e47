#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// What a process runs: a closure (fork only) or a named target.
enum Work {
    case closure(() throws -> Void)
    case named(NamedWork)
}

/// A named target with its argument, ready to run here (fork) or to be
/// sent by name to a fresh copy of the program (spawn, forkserver).
struct NamedWork {
    /// The mangled name a fresh copy of the program looks the type up by.
    let typeName: String
    /// The name a learner reads in error messages.
    let readableName: String
    let runHere: () throws -> Void
    let encodeArgument: (DescriptorHandover) throws -> [UInt8]
    /// Whether looking the name up in this program gives the type back.
    let isFindableByName: () -> Bool

    init<Target: MP.ProcessTarget>(target: Target.Type, argument: Target.Argument) {
        typeName = _mangledTypeName(Target.self) ?? ""
        readableName = String(reflecting: Target.self)
        runHere = { try Target.run(argument) }
        encodeArgument = NamedWork.encoder(for: argument)
        isFindableByName = NamedWork.finder(for: Target.self)
    }

    init<Target: MP.AsyncProcessTarget>(asyncTarget: Target.Type, argument: Target.Argument) {
        typeName = _mangledTypeName(Target.self) ?? ""
        readableName = String(reflecting: Target.self)
        runHere = { try AsyncBridge.runBlocking { try await Target.run(argument) } }
        encodeArgument = NamedWork.encoder(for: argument)
        isFindableByName = NamedWork.finder(for: Target.self)
    }

    private static func encoder<Argument: Encodable>(for argument: Argument) -> (DescriptorHandover) throws -> [UInt8] {
        { handover in try MP.WireCoding.binary.encode(argument, userInfo: [DescriptorHandover.key: handover]) }
    }

    private static func finder(for type: Any.Type) -> () -> Bool {
        { TypeNames.findableName(of: type) != nil }
    }
}

/// Runs a named target found by name in a fresh copy of the program.
enum NamedTargetRunner {
    static func run(typeName: String, argument: [UInt8], descriptors: DescriptorTable) throws {
        guard let type = _typeByName(typeName) else { throw MP.StartError.targetNotFound(typeName) }
        let userInfo: [CodingUserInfoKey: any Sendable] = [DescriptorTable.key: descriptors]
        if let target = type as? any MP.ProcessTarget.Type {
            try runSync(target, argument, userInfo)
        } else if let target = type as? any MP.AsyncProcessTarget.Type {
            try runAsync(target, argument, userInfo)
        } else {
            throw MP.StartError.targetNotFound(String(reflecting: type))
        }
    }

    private static func runSync<Target: MP.ProcessTarget>(
        _ target: Target.Type, _ bytes: [UInt8], _ userInfo: [CodingUserInfoKey: any Sendable]
    ) throws {
        let argument = try bytes.withUnsafeBytes {
            try MP.WireCoding.binary.decode(Target.Argument.self, from: $0, userInfo: userInfo)
        }
        try Target.run(argument)
    }

    private static func runAsync<Target: MP.AsyncProcessTarget>(
        _ target: Target.Type, _ bytes: [UInt8], _ userInfo: [CodingUserInfoKey: any Sendable]
    ) throws {
        let argument = try bytes.withUnsafeBytes {
            try MP.WireCoding.binary.decode(Target.Argument.self, from: $0, userInfo: userInfo)
        }
        try AsyncBridge.runBlocking { try await Target.run(argument) }
    }
}

/// Runs async work to completion from the synchronous child entry point.
enum AsyncBridge {
    static func runBlocking(_ body: @escaping () async throws -> Void) throws {
        let outcome = Locked<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let work = UncheckedBox(body)
        Task {
            do { try await work.value() } catch { outcome.withLock { $0 = error } }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}

/// Everything a launcher needs to start one child.
struct LaunchRequest {
    let work: Work
    let name: String
    let identity: [Int]
    let daemon: Bool
    let method: MP.StartMethod
}

/// What a spawned or forkserver child receives: who it is and what to run.
struct ChildSpec: Codable {
    var typeName: String
    var argument: [UInt8]
    var name: String
    var identity: [Int]
    var daemon: Bool
    var parent: MP.ParentProcess
    var method: MP.StartMethod
    var defaultStartMethod: MP.StartMethod?
    var descriptorCount: Int
    /// Whether the tracker's descriptor follows the handed-over ones.
    var tracked: Bool

    init(request: LaunchRequest, named: NamedWork, argument: [UInt8], descriptorCount: Int) {
        let state = ProcessState.current
        typeName = named.typeName
        self.argument = argument
        name = request.name
        identity = request.identity
        daemon = request.daemon
        parent = MP.ParentProcess(name: state.name, pid: getpid())
        method = request.method
        defaultStartMethod = state.settings.withLock { $0.startMethod }
        self.descriptorCount = descriptorCount
        tracked = ResourceTracker.descriptor != nil
    }

    /// The tracker's descriptor, to pass after the handed-over ones.
    var trackerDescriptors: [Int32] {
        tracked ? ResourceTracker.descriptor.map { [$0] } ?? [] : []
    }
}

/// Picks the launcher for a request's start method.
enum Launcher {
    static func launch(_ request: LaunchRequest) throws -> ChildHandle {
        if request.method == .fork { return try ForkLauncher.launch(request) }
        guard case let .named(named) = request.work else {
            throw MP.StartError.closureNeedsFork(request.method)
        }
        guard named.isFindableByName() else { throw MP.StartError.targetNotFindable(named.readableName) }
        switch request.method {
        case .spawn: return try SpawnLauncher.launch(request, named: named)
        case .forkserver: return try ForkServerClient.current().launch(request, named: named)
        case .fork: return try ForkLauncher.launch(request)
        }
    }
}
