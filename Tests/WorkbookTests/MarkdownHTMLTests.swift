import XCTest
@testable import Workbook

final class MarkdownHTMLTests: XCTestCase {
    private func html(_ markdown: String) -> String {
        HTMLRenderer().render(MarkdownDocument(parsing: markdown))
    }

    func testTextIsEscapedEverywhere() {
        XCTAssertEqual(html("a < b & \"c\" `<x>`"), "<p>a &lt; b &amp; &quot;c&quot; <code>&lt;x&gt;</code></p>\n")
        XCTAssertEqual(html("[x](/a?b=1&c=\"2\" \"t<\")"), "<p><a href=\"/a?b=1&amp;c=&quot;2&quot;\" title=\"t&lt;\">x</a></p>\n")
        XCTAssertEqual(html("```\n<script>\n```"), "<pre><code>&lt;script&gt;\n</code></pre>\n")
    }

    func testHeadingsGetUniqueAnchors() {
        XCTAssertEqual(html("# Start *methods*: fork & spawn\n## Setup\n## Setup\n## Setup 2"), """
        <h1 id="start-methods-fork-spawn">Start <em>methods</em>: fork &amp; spawn</h1>
        <h2 id="setup">Setup</h2>
        <h2 id="setup-2">Setup</h2>
        <h2 id="setup-2-2">Setup 2</h2>

        """)
        XCTAssertEqual(HTMLRenderer.slug(for: "What's a process?"), "whats-a-process")
        XCTAssertEqual(HTMLRenderer.slug(for: "!!!"), "section")
    }

    func testCodeAndExpectBlocks() {
        XCTAssertEqual(html("```swift include=a\nlet x = 1\n```\n\n```expect\nCHECK: a\n```"), """
        <pre><code class="language-swift">let x = 1
        </code></pre>
        <pre class="expect"><code>CHECK: a
        </code></pre>

        """)
    }

    func testListsAndStart() {
        XCTAssertEqual(html("3. a\n4. b"), "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n")
        XCTAssertEqual(html("- a\n\n- b"), "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n")
    }

    func testScriptAddressesAreDropped() {
        XCTAssertEqual(html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n")
    }
}
