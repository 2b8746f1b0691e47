import Foundation

/// Fills a chapter's `swift include=NAME` blocks with the region `NAME` of
/// its example, so the code a learner reads is the code that runs.
enum IncludeResolver {
    /// `body` with every include block filled. `codeBlocks` are the body's
    /// code blocks (their lines count from the body's first line);
    /// `lineOffset` turns those into chapter.md lines for messages.
    static func resolve(body: String, codeBlocks: [MarkdownCodeBlock], lineOffset: Int,
                        chapter: String, exampleFolder: URL) throws -> String {
        var includes: [(block: MarkdownCodeBlock, region: String)] = []
        for block in codeBlocks {
            guard let word = block.infoWords.dropFirst().first(where: { $0.hasPrefix("include=") }) else { continue }
            let name = String(word.dropFirst("include=".count))
            guard !name.isEmpty else {
                throw ChapterError.emptyIncludeName(chapter: chapter, line: block.startLine + lineOffset)
            }
            guard block.literal.trimmingWhitespace().isEmpty else {
                throw ChapterError.includeBlockNotEmpty(chapter: chapter, region: name, line: block.startLine + lineOffset)
            }
            includes.append((block, name))
        }
        guard !includes.isEmpty else { return body }

        let regions = try SourceRegions.collect(in: exampleFolder, chapter: chapter)
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // From the last block up, so earlier blocks' line numbers stay right.
        for (block, name) in includes.sorted(by: { $0.block.startLine > $1.block.startLine }) {
            let matches = regions.filter { $0.name == name }
            guard let region = matches.first else {
                let available = Array(Set(regions.map(\.name))).sorted()
                throw ChapterError.missingRegion(chapter: chapter, region: name, folder: exampleFolder, available: available)
            }
            guard matches.count == 1 else {
                let places = matches.map { "\(displayPath($0.file)):\($0.line)" }
                throw ChapterError.duplicateRegion(chapter: chapter, region: name, folder: exampleFolder, places: places)
            }
            let first = block.startLine - 1
            let last = min(max(block.endLine, block.startLine), lines.count) - 1
            guard first >= 0, first <= last else { continue }
            lines.replaceSubrange(first...last, with: filledBlock(opening: lines[first], code: region.lines))
        }
        return lines.joined(separator: "\n")
    }

    /// The lines of a fenced block with `code` inside, opened like `opening`
    /// (same container prefix, same info string).
    static func filledBlock(opening: String, code: [String]) -> [String] {
        guard let fenceStart = opening.firstIndex(where: { $0 == "`" || $0 == "~" }) else {
            return [opening] + code
        }
        let fenceCharacter = opening[fenceStart]
        let prefix = String(opening[..<fenceStart])
        let fenceEnd = opening[fenceStart...].firstIndex(where: { $0 != fenceCharacter }) ?? opening.endIndex
        let info = String(opening[fenceEnd...])
        // The prefix of lines inside the block: block quote markers stay,
        // a list item's marker becomes the spaces that continue the item.
        let continuation = String(prefix.map { $0 == ">" || $0 == " " || $0 == "\t" ? $0 : " " })
        let blankContinuation = String(continuation.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())

        // A fence at least as long as any fence-like run in the code, so the
        // code cannot close the block early.
        let longestRun = code.map { line in
            line.trimmingWhitespace().prefix(while: { $0 == fenceCharacter }).count
        }.max() ?? 0
        let fenceLength = max(opening.distance(from: fenceStart, to: fenceEnd), longestRun + 1, 3)
        let fence = String(repeating: fenceCharacter, count: fenceLength)

        return [prefix + fence + info]
            + code.map { $0.isEmpty ? blankContinuation : continuation + $0 }
            + [continuation + fence]
    }
}
