import Foundation
import Multiprocessing
import Synchronization

// region: fetcher
/// What each fetcher thread needs: the queue of URLs, the stop event, and
/// where to note how many pages it fetched (a dictionary the main program
/// reads directly: threads share memory).
struct FetchJob: Sendable {
    var urls: MP.Threads.JoinableQueue<URL>
    var stop: MP.Threads.Event
    var fetched: Tally
}

/// Takes URLs until the stop event is set; marks each URL done.
func fetch(_ job: FetchJob) throws {
    let me = MP.Threads.currentProcess.name
    var count = 0
    while !job.stop.isSet {
        guard let url = try? job.urls.get(timeout: 0.05) else { continue }
        let page = try Data(contentsOf: url)
        nap(0.05)  // as if it came over a network
        say("\(me) fetched \(url.lastPathComponent): \(page.count) bytes")
        count += 1
        try job.urls.taskDone()
    }
    job.fetched.record(me, count)
    say("\(me) saw the stop event after fetching \(count) pages")
}
// endregion: fetcher

/// Counts by name, from many threads.
final class Tally: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func record(_ name: String, _ count: Int) { counts.withLock { $0[name] = count } }
    var all: [String: Int] { counts.withLock { $0 } }
}
