#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// Starting the twin's threads, and what each knows about itself.
enum ThreadsSupport {
    /// Starts a joinable thread named `name` (the kernel keeps 15 bytes; it
    /// is what `/proc/PID/task/TID/comm` and `top -H` show) that runs `body`
    /// with `identity` as its `MP.Threads.currentProcess`.
    static func startThread(
        name: String, identity: ThreadIdentity, _ body: @escaping @Sendable () -> Void
    ) throws -> pthread_t {
        let start = Unmanaged.passRetained(ThreadStart(name: name, identity: identity, body: body))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            let start = Unmanaged<ThreadStart>.fromOpaque(context!).takeRetainedValue()
            _ = mp_set_process_name(start.name)
            start.identity.threadID = ThreadsSupport.currentThreadID()
            pthread_setspecific(ThreadsSupport.identityKey, Unmanaged.passRetained(start.identity).toOpaque())
            start.body()
            if let stored = pthread_getspecific(ThreadsSupport.identityKey) {
                pthread_setspecific(ThreadsSupport.identityKey, nil)
                Unmanaged<ThreadIdentity>.fromOpaque(stored).release()
            }
            return nil
        }, start.toOpaque())
        guard created == 0 else {
            start.release()
            throw MP.SystemCallError(call: "pthread_create", code: created)
        }
        return thread
    }

    /// The identity of the calling thread, if the twin started it.
    static func currentIdentity() -> ThreadIdentity? {
        guard let stored = pthread_getspecific(identityKey) else { return nil }
        return Unmanaged<ThreadIdentity>.fromOpaque(stored).takeUnretainedValue()
    }

    /// The kernel's id of the calling thread (what `gettid()` returns; the
    /// Glibc module does not export it), read from `/proc/thread-self`.
    static func currentThreadID() -> Int32 {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &buffer, buffer.count - 1)
        guard length > 0 else { return getpid() }
        let text = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "/").last.flatMap { Int32($0) } ?? getpid()
    }

    static let identityKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private final class ThreadStart {
        let name: String
        let identity: ThreadIdentity
        let body: @Sendable () -> Void

        init(name: String, identity: ThreadIdentity, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.identity = identity
            self.body = body
        }
    }
}

/// What a thread of the twin reports as its `currentProcess`.
final class ThreadIdentity: @unchecked Sendable {
    let name: String
    let daemon: Bool
    /// Set by the thread itself as it starts.
    var threadID: Int32 = 0

    init(name: String, daemon: Bool) {
        self.name = name
        self.daemon = daemon
    }
}
