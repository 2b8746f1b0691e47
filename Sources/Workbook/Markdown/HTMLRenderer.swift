/// Renders a Markdown document as an HTML fragment for the book.
///
/// Text is always escaped. Headings get `id` anchors made from their text,
/// code blocks are `<pre><code class="language-…">`, and `expect` blocks are
/// `<pre class="expect">`, tables are `<table>` with a `<thead>` and a
/// `<tbody>`. Raw HTML written in the chapter is passed through:
/// chapters are written by the workbook's authors, not by strangers.
public struct HTMLRenderer: Sendable {
    /// Whether Swift code is highlighted (spans with the classes `kw`,
    /// `str`, `num` and `com`), and every code block gets a copy button.
    public var highlight = false
    /// Whether `notes` blocks (speaker notes) are shown, as an aside; the
    /// learner's book and `read` leave them out.
    public var showNotes = false
    /// Turns a link's address into the book's (nil: the link is shown as
    /// plain text, for addresses that lead nowhere in the book).
    public var resolveLink: (@Sendable (String) -> String?)?
    /// For the `n`-th `expect` block of the document, whether each of its
    /// lines (by index in the block) held in a run; nil: no run.
    public var expectationMarks: (@Sendable (Int) -> [Int: Bool]?)?

    /// A renderer with no link resolver (links are kept as written) and no run to mark.
    public init() {}

    /// The document as HTML, one block a line.
    public func render(_ document: MarkdownDocument) -> String {
        var anchors = AnchorNames()
        var output = ""
        var expectations = 0
        render(document.blocks, tight: false, anchors: &anchors, expectations: &expectations, into: &output)
        return output
    }

    /// The anchor a heading with this text gets: lower case letters and
    /// digits, other runs of characters turned into single hyphens.
    public static func slug(for text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingHyphen && !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.append(character)
            } else if character != "'" && character != "’" {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }

    /// `text` with `&`, `<`, `>` and `"` escaped, safe in text and in
    /// double-quoted attributes.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    // MARK: Blocks

    private func render(_ blocks: [MarkdownBlock], tight: Bool, anchors: inout AnchorNames, expectations: inout Int, into output: inout String) {
        for block in blocks {
            switch block {
            case .heading(let level, let content):
                let id = anchors.unique(Self.slug(for: MarkdownInline.plainText(of: content)))
                output += "<h\(level) id=\"\(Self.escape(id))\">\(inlines(content))</h\(level)>\n"
            case .paragraph(let content):
                output += tight ? inlines(content) + "\n" : "<p>\(inlines(content))</p>\n"
            case .blockQuote(let inner):
                output += "<blockquote>\n"
                render(inner, tight: false, anchors: &anchors, expectations: &expectations, into: &output)
                output += "</blockquote>\n"
            case .list(let list):
                render(list, anchors: &anchors, expectations: &expectations, into: &output)
            case .codeBlock(let code):
                if code.isExpectation {
                    output += expectation(code, marks: expectationMarks?(expectations))
                    expectations += 1
                } else if code.language == "notes" {
                    if showNotes {
                        output += "<aside class=\"speaker-notes\"><p class=\"notes-label\">Speaker notes</p>\n"
                            + HTMLRenderer().render(MarkdownDocument(parsing: code.literal)) + "</aside>\n"
                    }
                } else {
                    output += codeBlock(code)
                }
            case .thematicBreak:
                output += "<hr />\n"
            case .htmlBlock(let html):
                output += html.hasSuffix("\n") ? html : html + "\n"
            case .table(let table):
                output += self.table(table)
            }
        }
    }

    private func render(_ list: MarkdownList, anchors: inout AnchorNames, expectations: inout Int, into output: inout String) {
        switch list.kind {
        case .bullet:
            output += "<ul>\n"
        case .ordered(let start):
            output += start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n"
        }
        for item in list.items {
            output += "<li>"
            if !list.isTight || !(item.blocks.first.map(isParagraph) ?? true) { output += "\n" }
            render(item.blocks, tight: list.isTight, anchors: &anchors, expectations: &expectations, into: &output)
            if output.hasSuffix("\n"), list.isTight, item.blocks.last.map(isParagraph) == true {
                output.removeLast()
            }
            output += "</li>\n"
        }
        if case .bullet = list.kind { output += "</ul>\n" } else { output += "</ol>\n" }
    }

    private func isParagraph(_ block: MarkdownBlock) -> Bool {
        if case .paragraph = block { return true }
        return false
    }

    private func codeBlock(_ code: MarkdownCodeBlock) -> String {
        let language = code.language
        let classAttribute = language.isEmpty ? "" : " class=\"language-\(Self.escape(language))\""
        guard highlight else {
            return "<pre><code\(classAttribute)>\(Self.escape(code.literal))</code></pre>\n"
        }
        let body: String
        if language == "swift" {
            body = SwiftHighlighter.highlight(code.literal).map { line in
                line.map { run in
                    let text = Self.escape(run.text)
                    let style = run.style
                    let name = style.contains(.string) ? "str" : style.contains(.number) ? "num"
                        : style.contains(.keyword) ? "kw" : style.contains(.dim) ? "com" : nil
                    return name.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
                }.joined()
            }.joined(separator: "\n") + (code.literal.hasSuffix("\n") ? "\n" : "")
        } else {
            body = Self.escape(code.literal)
        }
        return "<div class=\"code\"><button class=\"copy\" type=\"button\" aria-label=\"Copy the code\">Copy</button>"
            + "<pre><code\(classAttribute)>\(body)</code></pre></div>\n"
    }

    /// An `expect` block, each line marked as it fared in a run when known.
    private func expectation(_ code: MarkdownCodeBlock, marks: [Int: Bool]?) -> String {
        guard let marks else {
            return "<pre class=\"expect\"><code>\(Self.escape(code.literal))</code></pre>\n"
        }
        var lines = code.literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let body = lines.enumerated().map { index, line in
            switch marks[index] {
            case true?: return "<span class=\"held\" title=\"held in this run\">✓ \(Self.escape(line))</span>"
            case false?: return "<span class=\"broke\" title=\"did not hold in this run\">✗ \(Self.escape(line))</span>"
            case nil: return "<span class=\"unmarked\">  \(Self.escape(line))</span>"
            }
        }.joined(separator: "\n")
        return "<pre class=\"expect marked\"><code>\(body)\n</code></pre>\n"
    }

    /// A table with a `<thead>` and, when it has body rows, a `<tbody>`;
    /// aligned columns get a `text-align` style on every cell.
    private func table(_ table: MarkdownTable) -> String {
        func row(_ cells: [MarkdownTable.Cell], tag: String) -> String {
            var output = "<tr>\n"
            for (cell, alignment) in zip(cells, table.alignments) {
                let style: String
                switch alignment {
                case .none: style = ""
                case .left: style = " style=\"text-align:left\""
                case .center: style = " style=\"text-align:center\""
                case .right: style = " style=\"text-align:right\""
                }
                output += "<\(tag)\(style)>\(inlines(cell))</\(tag)>\n"
            }
            return output + "</tr>\n"
        }
        var output = "<table>\n<thead>\n" + row(table.header, tag: "th") + "</thead>\n"
        if !table.rows.isEmpty {
            output += "<tbody>\n" + table.rows.map { row($0, tag: "td") }.joined() + "</tbody>\n"
        }
        return output + "</table>\n"
    }

    // MARK: Inlines

    private func inlines(_ inlines: [MarkdownInline]) -> String {
        var output = ""
        for inline in inlines {
            switch inline {
            case .text(let text):
                output += Self.escape(text)
            case .emphasis(let content):
                output += "<em>\(self.inlines(content))</em>"
            case .strong(let content):
                output += "<strong>\(self.inlines(content))</strong>"
            case .code(let code):
                output += "<code>\(Self.escape(code))</code>"
            case .link(let url, let title, let content):
                if let resolveLink {
                    guard let target = resolveLink(url) else {
                        output += "<span class=\"no-link\">\(self.inlines(content))</span>"
                        continue
                    }
                    output += "<a href=\"\(Self.escape(safe(target)))\"\(titleAttribute(title))>\(self.inlines(content))</a>"
                } else {
                    output += "<a href=\"\(Self.escape(safe(url)))\"\(titleAttribute(title))>\(self.inlines(content))</a>"
                }
            case .image(let url, let title, let content):
                let description = Self.escape(MarkdownInline.plainText(of: content))
                output += "<img src=\"\(Self.escape(safe(url)))\" alt=\"\(description)\"\(titleAttribute(title)) />"
            case .softBreak:
                output += "\n"
            case .lineBreak:
                output += "<br />\n"
            case .html(let html):
                output += html
            }
        }
        return output
    }

    private func titleAttribute(_ title: String) -> String {
        title.isEmpty ? "" : " title=\"\(Self.escape(title))\""
    }

    /// Addresses that would run script when followed are dropped.
    private func safe(_ url: String) -> String {
        let scheme = url.lowercased().prefix { $0 != ":" }
        let dangerous = ["javascript", "vbscript", "data", "file"]
        return url.contains(":") && dangerous.contains(String(scheme).trimmingWhitespace()) ? "" : url
    }
}

/// Hands out heading anchors, numbering repeats (`setup`, `setup-2`).
private struct AnchorNames {
    private var used: [String: Int] = [:]

    mutating func unique(_ name: String) -> String {
        guard let count = used[name] else {
            used[name] = 1
            return name
        }
        var next = count + 1
        while used["\(name)-\(next)"] != nil { next += 1 }
        used[name] = next
        used["\(name)-\(next)"] = 1
        return "\(name)-\(next)"
    }
}
