import Foundation
import XCTest
@testable import Workbook

/// The book in a real browser: Debian's Chromium, headless. Every page loads
/// without a console error and without scrolling sideways at 375 px; a
/// search for `forkserver` finds the start-methods chapter; a chapter built
/// with a run shows a timeline lane per traced process; and chapter 1 is
/// captured as a screenshot a person can look at.
///
/// Skipped, saying why, when Chromium is not installed (`.ci/run` installs
/// it when it runs as root; in CI a missing Chromium fails instead) or when
/// it cannot be run in a PID namespace of its own.
final class BookBrowserTests: XCTestCase {
    /// Where the screenshot goes: .build/book-screenshots/ in the package.
    static let screenshots = CLI.packageRoot.appendingPathComponent(".build/book-screenshots")

    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = try CLI.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func chromium() throws -> String {
        if let problem = Self.containmentProblem { throw XCTSkip(problem) }
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw CLI.unavailable("Chromium is not installed (apt-get install chromium); the browser tests of the book need it")
    }

    /// The command every Chromium runs under: a PID namespace of its own
    /// (`unshare --pid --fork --kill-child`), so that when the browser ends,
    /// the kernel ends everything it started. Without it, Chromium's crash
    /// handler outlives the run and, the tests being a child subreaper,
    /// becomes their child for ever (it once hung a later test).
    private static let containment = ["/usr/bin/unshare", "--pid", "--fork", "--kill-child", "--mount-proc"]

    /// Why `containment` cannot run here, or nil when it can.
    private static let containmentProblem: String? = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: containment[0])
        probe.arguments = Array(containment.dropFirst()) + ["/bin/true"]
        probe.standardError = FileHandle.nullDevice
        do {
            try probe.run()
            probe.waitUntilExit()
        } catch {
            return "unshare (util-linux) is missing, so Chromium cannot be contained: \(error)"
        }
        guard probe.terminationStatus == 0 else {
            return "this machine does not let the tests start a PID namespace (unshare --pid exited with "
                + "\(probe.terminationStatus); run them as root), so Chromium's helpers could outlive them"
        }
        return nil
    }()

    /// Runs headless Chromium on `url`: the DOM after scripts, and the console messages.
    private func load(_ url: String, width: Int = 375, extra: [String] = []) throws -> (dom: String, console: [String]) {
        let browser = try chromium()
        let profile = scratch.appendingPathComponent("profile-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.containment[0])
        process.arguments = Array(Self.containment.dropFirst()) + [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(profile.path)", "--window-size=\(width),900", "--enable-logging=stderr", "--v=0",
                             "--virtual-time-budget=3000", "--allow-file-access-from-files"] + extra + ["--dump-dom", url]
        let out = scratch.appendingPathComponent("out-\(UUID().uuidString)")
        let err = scratch.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let before = Self.processesNamedChrom()
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        usleep(300_000)
        let left = Self.processesNamedChrom().subtracting(before)
        XCTAssertEqual(left, [], "Chromium left processes behind (pids \(left.sorted()))")
        let console = try String(contentsOf: err, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { $0.contains(":CONSOLE(") || $0.contains("Uncaught") }
        return (try String(contentsOf: out, encoding: .utf8), console)
    }

    /// The pids of every process on the machine whose name starts with
    /// "chrom", zombies included.
    private static func processesNamedChrom() -> Set<Int32> {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return Set(entries.compactMap(Int32.init).filter { pid in
            let name = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("chrom")
        })
    }

    private func attribute(_ name: String, in dom: String) -> String? {
        guard let range = dom.range(of: "\(name)=\"") else { return nil }
        let rest = dom[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private func book(run: Bool) throws -> URL {
        let folder = scratch.appendingPathComponent(run ? "book-run" : "book")
        var arguments = ["book", "--out", folder.path, "--instructor"]
        if run { arguments += ["--run", "--skip-build"] }
        let outcome = try CLI.run(arguments)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return folder
    }

    func testEveryPageLoadsWithoutConsoleErrorsAndFitsAPhone() throws {
        _ = try chromium()
        let folder = try book(run: false)
        let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".html") }.sorted()
        XCTAssertGreaterThan(pages.count, 5)
        for page in pages {
            let (dom, console) = try load(folder.appendingPathComponent(page).absoluteString + "#selftest")
            XCTAssertEqual(console, [], "\(page) logged to the console")
            XCTAssertNotNil(attribute("data-scroll-width", in: dom), "\(page): the page's script did not run")
            // Headless windows are at least 500 px wide; a 375 px frame is a phone's width.
            let phone = folder.appendingPathComponent("phone-\(page)")
            try """
            <!DOCTYPE html><html><body><iframe id="f" src="\(page)" style="width:375px;height:800px;border:0"></iframe>
            <script>document.getElementById("f").addEventListener("load", function () {
              var d = document.getElementById("f").contentDocument.documentElement;
              document.body.setAttribute("data-scroll-width", String(d.scrollWidth));
              document.body.setAttribute("data-client-width", String(d.clientWidth));
            });</script></body></html>
            """.write(to: phone, atomically: true, encoding: .utf8)
            let framed = try load(phone.absoluteString, width: 800, extra: ["--disable-web-security"]).dom
            try? FileManager.default.removeItem(at: phone)
            let scroll = Int(attribute("data-scroll-width", in: framed) ?? "")
            let client = Int(attribute("data-client-width", in: framed) ?? "")
            XCTAssertEqual(client, 375, "\(page): the frame did not load")
            if let scroll, let client {
                XCTAssertLessThanOrEqual(scroll, client, "\(page) scrolls sideways at 375 px")
            }
        }
    }

    func testSearchingForForkserverFindsTheStartMethodsChapter() throws {
        _ = try chromium()
        let folder = try book(run: false)
        let url = folder.appendingPathComponent("index.html").absoluteString + "?q=forkserver#selftest"
        let (dom, console) = try load(url, width: 1280)
        XCTAssertEqual(console, [])
        let results = attribute("data-search-results", in: dom) ?? ""
        XCTAssertTrue(results.split(separator: " ").contains { $0.hasPrefix("chapter-03-") }, "results: \(results)")
    }

    func testARunChaptersTimelineHasALanePerTracedProcessAndChapterOneIsCaptured() throws {
        _ = try chromium()
        guard FileManager.default.isExecutableFile(atPath: CLI.binaries.appendingPathComponent("lesson-02-processes").path) else {
            throw CLI.unavailable("the lessons are not built")
        }
        let folder = try book(run: true)
        let (dom, console) = try load(folder.appendingPathComponent("chapter-02-processes.html").absoluteString, width: 1280)
        XCTAssertEqual(console, [])
        let lanes = dom.components(separatedBy: "class=\"process\"").count - 1
        let traced = Int(attribute("aria-label=\"Timeline of", in: dom.replacingOccurrences(of: " processes\"", with: "\"")) ?? "")
        XCTAssertGreaterThan(lanes, 3)
        // Chapter 2 starts ten children, besides the main program and the core's helpers.
        XCTAssertTrue(dom.contains("Timeline of \(lanes) processes"), "lanes \(lanes), \(String(describing: traced))")
        XCTAssertTrue(dom.contains("class=\"held\""), "the checks are not marked")

        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let shot = Self.screenshots.appendingPathComponent("chapter-01-desktop.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try load(folder.appendingPathComponent("chapter-01-threads-and-processes.html").absoluteString, width: 1280,
                     extra: ["--screenshot=\(shot.path)"])
        let data = try Data(contentsOf: shot)
        XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "not a PNG")
        XCTAssertGreaterThan(data.count, 20_000)
    }
}
