#if canImport(Glibc)
import Glibc
#endif
import CMultiprocessing

/// The resource tracker: a tiny process that removes what a process created
/// (`TrackedResource`) when that process ends, however it ends. CPython's
/// `resource_tracker`, with one difference: it watches every creator with a
/// pidfd, so what a child created goes when that child dies, even while the
/// program runs on.
///
/// It reads `TrackerRecord`s from a pipe whose write end every process of
/// the program holds. End of file means they are all gone: it removes what
/// is left and exits. It runs in its own session, with no terminal and
/// standard streams on /dev/null, so that neither Ctrl-C, a hang-up, nor a
/// kill of the program's whole process group takes it down before it has
/// cleaned, and so that it never holds the program's output open.
///
/// The rule for a resource other processes still use: the creator owns it,
/// and it is removed when the creator ends. Processes that attached keep
/// their mapping (Linux keeps unlinked memory valid until the last unmap);
/// they can no longer attach by name. The tracker never warns about "leaks":
/// removing what a dead creator left is its job, not an accident.
enum TrackerProcess {
    static func serve(records: Int32) -> Never {
        _ = setsid()
        _ = chdir("/")
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            for standard in Int32(0)...2 { dup2(null, standard) }
            if null > 2 { Descriptors.close(null) }
        }
        _ = mp_set_process_name("mp-tracker")
        signal(SIGINT, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)

        var owned: [Int32: Set<TrackedResource>] = [:]
        var watchers: [Int32: Int32] = [:]  // creator pid -> its pidfd
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)

        func creatorEnded(_ pid: Int32) {
            if let pidfd = watchers.removeValue(forKey: pid) { Descriptors.close(pidfd) }
            removeAll(owned.removeValue(forKey: pid) ?? [])
        }

        while true {
            var entries = [pollfd(fd: records, events: Int16(POLLIN), revents: 0)]
            entries += watchers.values.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&entries, nfds_t(entries.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if entries[0].revents != 0 {
                let count = chunk.withUnsafeMutableBytes { read(records, $0.baseAddress, $0.count) }
                if count == 0 || (count < 0 && errno != EINTR && errno != EAGAIN) { break }
                if count > 0 { pending += chunk[..<count] }
                for record in TrackerRecord.decode(&pending) {
                    if record.operation == TrackerRecord.forget {
                        for creator in owned.keys { owned[creator]?.remove(record.resource) }
                        continue
                    }
                    owned[record.creator, default: []].insert(record.resource)
                    if watchers[record.creator] == nil {
                        let pidfd = mp_pidfd_open(record.creator)
                        if pidfd >= 0 { watchers[record.creator] = pidfd } else if errno == ESRCH { creatorEnded(record.creator) }
                    }
                }
            }
            let ended = watchers.filter { _, pidfd in entries.contains { $0.fd == pidfd && $0.revents != 0 } }
            ended.keys.forEach(creatorEnded)
        }
        removeAll(owned.values.reduce(into: Set()) { $0.formUnion($1) })
        _exit(0)
    }

    /// Segments and files first, folders (which must be empty) last.
    private static func removeAll(_ resources: Set<TrackedResource>) {
        for resource in resources.sorted(by: { $0.kind.rawValue < $1.kind.rawValue }) {
            resource.remove()
        }
    }
}
