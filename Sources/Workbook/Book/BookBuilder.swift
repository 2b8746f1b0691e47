import Foundation

/// Renders the whole course to a static site: a page per chapter, exercise
/// and book page, a sidebar, previous/next links, highlighted code with copy
/// buttons, an offline search index, a print page, and, with runs, each
/// chapter's real output and process timeline. The instructor's edition
/// adds the speaker notes, the guide and the reference solutions.
public struct BookBuilder {
    /// The course's folder (holding `book/`, `Lessons/`, `Exercises/`).
    public let root: URL
    /// Where the site is written.
    public let output: URL
    /// The instructor's edition.
    public var instructor = false
    /// Each chapter's run, by chapter folder name, for `--run`.
    public var runs: [String: BookRun] = [:]

    /// A builder of the book of `root` into `output`.
    public init(root: URL, output: URL) {
        self.root = root
        self.output = output
    }

    /// One page of the site.
    struct Page {
        enum Source {
            case markdown(URL)
            case chapter(Chapter)
            case exercise(Exercise)
            case solutions([Exercise])
        }
        var title: String
        var fileName: String
        var section: String
        var source: Source
        var isExercise = false
    }

    /// What a build made.
    public struct Report: Sendable {
        public var pages: Int
        public var seconds: Double
        public var files: [String]
    }

    /// Builds the site.
    @discardableResult
    public func build() throws -> Report {
        let started = Date()
        let catalog = Catalog(root: root)
        let chapters = try catalog.chapters()
        let exercises = try catalog.exercises()
        let summary = try BookSummary(folder: root.appendingPathComponent("book"))
        var pages: [Page] = []
        for section in summary.sections where instructor || !section.instructorOnly {
            for entry in section.entries {
                switch entry {
                case .page(let title, let file):
                    pages.append(Page(title: title, fileName: pageName(for: file), section: section.title, source: .markdown(file)))
                case .course:
                    for chapter in chapters {
                        pages.append(Page(title: "\(chapter.number). \(chapter.title)", fileName: "chapter-\(chapter.name).html",
                                          section: section.title, source: .chapter(chapter)))
                        for exercise in exercises where exercise.chapter == chapter.number {
                            pages.append(exercisePage(exercise, section: section.title))
                        }
                    }
                    let placed = Set(chapters.map(\.number))
                    for exercise in exercises where !placed.contains(exercise.chapter) {
                        pages.append(exercisePage(exercise, section: section.title))
                    }
                case .solutions:
                    if instructor, !exercises.isEmpty {
                        pages.append(Page(title: "Solutions", fileName: "solutions.html", section: section.title, source: .solutions(exercises)))
                    }
                }
            }
        }
        // Sources of pages, so that links between them become links between pages.
        var pageOfFile: [String: String] = [:]
        for page in pages {
            switch page.source {
            case .markdown(let file): pageOfFile[file.standardizedFileURL.path] = page.fileName
            case .chapter(let chapter): pageOfFile[chapter.chapterFile.standardizedFileURL.path] = page.fileName
            case .exercise(let exercise): pageOfFile[exercise.exerciseFile.standardizedFileURL.path] = page.fileName
            case .solutions: break
            }
        }

        let manager = FileManager.default
        try manager.createDirectory(at: output.appendingPathComponent("theme"), withIntermediateDirectories: true)
        for name in ["book.css", "book.js"] {
            let target = output.appendingPathComponent("theme/\(name)")
            try? manager.removeItem(at: target)
            try manager.copyItem(at: root.appendingPathComponent("book/theme/\(name)"), to: target)
        }
        var files: [String] = ["theme/book.css", "theme/book.js"]
        // Images a run wrote (the image chapter's picture) are copied next to the pages.
        for run in runs.values {
            for image in BookRun.images(in: run.result.run?.stdout.text ?? "") {
                let target = output.appendingPathComponent(image.name)
                try? manager.removeItem(at: target)
                try manager.copyItem(at: URL(fileURLWithPath: image.path), to: target)
                files.append(image.name)
            }
        }
        var searchEntries: [SearchIndex.Entry] = []
        var printSections: [String] = []
        for (index, page) in pages.enumerated() {
            let content = try render(page, pages: pages, exercises: exercises, chapters: chapters, pageOfFile: pageOfFile)
            let previous = index > 0 ? pages[index - 1] : nil
            let next = index + 1 < pages.count ? pages[index + 1] : nil
            let html = BookTemplate.page(title: page.title, content: content, sidebar: sidebar(pages, current: page),
                                         previous: previous.map { ($0.title, $0.fileName) }, next: next.map { ($0.title, $0.fileName) },
                                         instructor: instructor)
            try html.write(to: output.appendingPathComponent(page.fileName), atomically: true, encoding: .utf8)
            files.append(page.fileName)
            searchEntries.append(SearchIndex.entry(title: page.title, url: page.fileName, html: content))
            printSections.append("<section class=\"print-page\" id=\"page-\(page.fileName.replacingOccurrences(of: ".html", with: ""))\">\n\(content)\n</section>")
        }
        let printPage = BookTemplate.page(title: "The whole book", content: printSections.joined(separator: "\n"),
                                          sidebar: sidebar(pages, current: nil), previous: nil, next: nil, instructor: instructor)
        try printPage.write(to: output.appendingPathComponent("print.html"), atomically: true, encoding: .utf8)
        try SearchIndex.script(searchEntries).write(to: output.appendingPathComponent("search-index.js"), atomically: true, encoding: .utf8)
        files += ["print.html", "search-index.js"]
        return Report(pages: pages.count, seconds: Date().timeIntervalSince(started), files: files)
    }

    private func exercisePage(_ exercise: Exercise, section: String) -> Page {
        var page = Page(title: "Exercise \(exercise.number): \(exercise.title)", fileName: "exercise-\(exercise.name).html",
                        section: section, source: .exercise(exercise))
        page.isExercise = true
        return page
    }

    private func pageName(for file: URL) -> String {
        let base = file.deletingPathExtension().lastPathComponent.lowercased()
        return base == "introduction" ? "index.html" : base + ".html"
    }

    private func sidebar(_ pages: [Page], current: Page?) -> String {
        var html = ""
        var section: String?
        for page in pages {
            if page.section != section {
                if section != nil { html += "</ol>\n" }
                html += "<h2>\(HTMLRenderer.escape(page.section))</h2>\n<ol>\n"
                section = page.section
            }
            let currentClass = page.fileName == current?.fileName ? " class=\"current\" aria-current=\"page\"" : ""
            html += "<li\(page.isExercise ? " class=\"exercise\"" : "")><a href=\"\(page.fileName)\"\(currentClass)>\(HTMLRenderer.escape(page.title))</a></li>\n"
        }
        if section != nil { html += "</ol>\n" }
        html += "<h2>Everything</h2>\n<ol>\n<li><a href=\"print.html\">The whole book, to print</a></li>\n</ol>\n"
        return html
    }

    private func renderer(for source: URL, pageOfFile: [String: String]) -> HTMLRenderer {
        var renderer = HTMLRenderer()
        renderer.highlight = true
        renderer.showNotes = instructor
        let folder = source.deletingLastPathComponent()
        renderer.resolveLink = { url in
            if url.hasPrefix("#") || url.contains("://") || url.hasPrefix("mailto:") { return url }
            let parts = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            let fragment = parts.count > 1 ? "#" + parts[1] : ""
            let target = folder.appendingPathComponent(path).standardizedFileURL.path
            return pageOfFile[target].map { $0 + fragment }
        }
        return renderer
    }

    private func render(_ page: Page, pages: [Page], exercises: [Exercise], chapters: [Chapter], pageOfFile: [String: String]) throws -> String {
        switch page.source {
        case .markdown(let file):
            var text = try String(contentsOf: file, encoding: .utf8)
            if file.lastPathComponent == "instructor-guide.md" {
                text = text.replacingOccurrences(of: "{{schedule}}", with: InstructorGuide.schedule(chapters: chapters, exercises: exercises))
                text = text.replacingOccurrences(of: "{{chapters}}", with: InstructorGuide.chapterNotes(chapters: chapters, exercises: exercises))
            }
            return BookTemplate.anchored(renderer(for: file, pageOfFile: pageOfFile).render(MarkdownDocument(parsing: text)))
        case .chapter(let chapter):
            var renderer = self.renderer(for: chapter.chapterFile, pageOfFile: pageOfFile)
            let run = runs[chapter.name]
            if let run {
                let marks = run.marks(for: chapter)
                renderer.expectationMarks = { marks[$0] }
            }
            var html = "<h1>\(HTMLRenderer.escape(page.title))</h1>\n"
            if let minutes = chapter.minutes { html += "<p class=\"stamp\"><em>About \(minutes) minutes.</em></p>\n" }
            if !chapter.goals.isEmpty {
                html += "<p>In this chapter you will:</p>\n<ul>\n" + chapter.goals.map { "<li>\(HTMLRenderer.escape($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
            }
            html += renderer.render(MarkdownDocument(parsing: Self.withoutLeadingTitle(chapter.body)))
            html += run.map { $0.html() } ?? "<section class=\"run\"><h2 id=\"a-real-run\">A real run</h2><p class=\"no-run\">No output was captured: "
                + "this book was built without <code>--run</code>. Run the example yourself with <code>workbook run \(chapter.number)</code>.</p></section>\n"
            return BookTemplate.anchored(html)
        case .exercise(let exercise):
            var html = "<h1>\(HTMLRenderer.escape(page.title))</h1>\n"
            if let minutes = exercise.minutes { html += "<p class=\"stamp\"><em>About \(minutes) minutes, after chapter \(exercise.chapter).</em></p>\n" }
            html += renderer(for: exercise.exerciseFile, pageOfFile: pageOfFile).render(MarkdownDocument(parsing: Self.withoutLeadingTitle(exercise.body)))
            html += "<p>Grade your program with <code>workbook grade \(exercise.number)</code>; <code>workbook hint \(exercise.number)</code> "
                + "shows the next of its \(exercise.hints.count) hints.</p>\n"
            return BookTemplate.anchored(html)
        case .solutions(let exercises):
            var markdown = "# Solutions\n\nThe reference solution of every exercise, for the instructor. The learners' book does not have this page.\n"
            for exercise in exercises {
                markdown += "\n## Exercise \(exercise.number): \(exercise.title)\n"
                for file in try ExerciseFiles.files(in: exercise.solutionFolder) where file.hasSuffix(".swift") {
                    let code = try String(contentsOf: exercise.solutionFolder.appendingPathComponent(file), encoding: .utf8)
                    let fence = code.contains("```") ? "````" : "```"
                    markdown += "\n`Solution/\(file)`:\n\n\(fence)swift\n\(code)\(code.hasSuffix("\n") ? "" : "\n")\(fence)\n"
                }
            }
            var renderer = HTMLRenderer()
            renderer.highlight = true
            return BookTemplate.anchored(renderer.render(MarkdownDocument(parsing: markdown)))
        }
    }

    /// The body without its first `# Title` line (the page has its own).
    static func withoutLeadingTitle(_ body: String) -> String {
        var lines = body.components(separatedBy: "\n")
        if let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), lines[first].hasPrefix("# ") {
            lines.remove(at: first)
        }
        return lines.joined(separator: "\n")
    }
}
