#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// A pthread mutex with any number of condition variables on it: what the
/// threads twin's queue, event, pool and process wait with.
///
/// `ThreadCondition` has one condition; a queue wants two (not empty, not
/// full) so that a `put` wakes a getter and never a waiting putter.
/// pthreads rather than `Synchronization.Mutex` for the reason given on
/// `ThreadLock`.
final class ThreadsMonitor: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// A condition variable of this monitor; wait on it only inside `withLock`.
    final class Condition: @unchecked Sendable {
        private let condition: UnsafeMutablePointer<pthread_cond_t>
        private unowned let monitor: ThreadsMonitor

        init(_ monitor: ThreadsMonitor) {
            self.monitor = monitor
            condition = .allocate(capacity: 1)
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(condition, &attributes)
            pthread_condattr_destroy(&attributes)
        }

        deinit {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }

        /// Waits (inside `withLock`) until `done()` or the deadline; returns
        /// whether `done()` became true.
        func wait(until done: () -> Bool, deadline: Deadline) -> Bool {
            while !done() {
                guard let remaining = deadline.remaining else {
                    pthread_cond_wait(condition, monitor.mutex)
                    continue
                }
                if remaining <= 0 { return false }
                var now = timespec()
                clock_gettime(CLOCK_MONOTONIC, &now)
                let target = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + remaining
                var until = timespec(tv_sec: Int(target), tv_nsec: Int((target - target.rounded(.down)) * 1e9))
                pthread_cond_timedwait(condition, monitor.mutex, &until)
            }
            return true
        }

        /// Wakes one waiter (call inside `withLock`).
        func signal() { pthread_cond_signal(condition) }

        /// Wakes every waiter (call inside `withLock`).
        func broadcast() { pthread_cond_broadcast(condition) }
    }
}

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
