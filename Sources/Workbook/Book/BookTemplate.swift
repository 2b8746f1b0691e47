import Foundation

/// The HTML around a page's content: head, sidebar with search, and the
/// previous/next links. Everything it loads is local (works from file://).
enum BookTemplate {
    static func page(title: String, content: String, sidebar: String, previous: (String, String)?, next: (String, String)?,
                     instructor: Bool) -> String {
        let edition = instructor ? " — instructor's edition" : ""
        var pager = ""
        if previous != nil || next != nil {
            pager = "<nav class=\"pager\" aria-label=\"Previous and next pages\">"
                + (previous.map { "<a rel=\"prev\" href=\"\($0.1)\">← \(HTMLRenderer.escape($0.0))</a>" } ?? "<span></span>")
                + (next.map { "<a rel=\"next\" href=\"\($0.1)\">\(HTMLRenderer.escape($0.0)) →</a>" } ?? "<span></span>")
                + "</nav>"
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(HTMLRenderer.escape(title)) — The multiprocessing workbook\(edition)</title>
        <link rel="stylesheet" href="theme/book.css">
        <script src="search-index.js" defer></script>
        <script src="theme/book.js" defer></script>
        </head>
        <body>
        <div class="layout">
        <nav class="sidebar" aria-label="The book">
        <a class="book-title" href="index.html">The multiprocessing workbook</a><button class="menu-button" type="button">Contents</button>
        <div class="search"><input type="search" placeholder="Search the book" aria-label="Search the book"><ol class="search-results"></ol></div>
        <div class="toc">
        \(sidebar)</div>
        </nav>
        <main>
        \(content)
        \(pager)
        </main>
        </div>
        </body>
        </html>

        """
    }

    /// `<h2 id="x">` and `<h3 id="x">` given a visible `#` link to themselves.
    static func anchored(_ html: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: "<(h[23]) id=\"([^\"]+)\">(.*?)</h[23]>") else { return html }
        let range = NSRange(html.startIndex..<html.endIndex, in: html)
        return regex.stringByReplacingMatches(in: html, range: range,
                                              withTemplate: "<$1 id=\"$2\">$3<a class=\"heading-anchor\" href=\"#$2\" aria-label=\"Link to this section\">#</a></$1>")
    }
}

/// The offline search index: every page's title, address, headings and
/// text, as a script that sets `window.BOOK_SEARCH` (a JSON file could not
/// be read from file://).
enum SearchIndex {
    struct Entry: Codable {
        var title: String
        var url: String
        var headings: [String]
        var text: String
    }

    static func entry(title: String, url: String, html: String) -> Entry {
        var headings: [String] = []
        if let regex = try? NSRegularExpression(pattern: "<h[1-3][^>]*>(.*?)</h[1-3]>") {
            for match in regex.matches(in: html, range: NSRange(html.startIndex..<html.endIndex, in: html)) {
                if let range = Range(match.range(at: 1), in: html) { headings.append(plain(String(html[range]))) }
            }
        }
        let text = plain(html).lowercased()
        return Entry(title: title, url: url, headings: headings, text: String(text.prefix(40_000)))
    }

    static func script(_ entries: [Entry]) throws -> String {
        let data = try JSONEncoder().encode(entries)
        return "window.BOOK_SEARCH = " + String(decoding: data, as: UTF8.self) + ";\n"
    }

    /// Text without tags, entities decoded, runs of white space made one space.
    static func plain(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression).trimmingCharacters(in: .whitespaces)
    }
}
