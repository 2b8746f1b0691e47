import Foundation

/// A named stretch of an example's source, between `// region: NAME` and
/// `// endregion: NAME`, ready to be shown in a chapter.
struct SourceRegion: Equatable {
    var name: String
    var file: URL
    /// The 1-based line of the `// region:` marker.
    var line: Int
    /// The region's lines: marker lines dropped (nested ones too), leading and
    /// trailing blank lines dropped, common indentation removed.
    var lines: [String]
}

/// Finding regions in an example's `.swift` files.
enum SourceRegions {
    /// Every region of every `.swift` file under `folder`, in file order.
    static func collect(in folder: URL, chapter: String) throws -> [SourceRegion] {
        var regions: [SourceRegion] = []
        for file in swiftFiles(in: folder) {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            regions += try parse(text, file: file, chapter: chapter)
        }
        return regions
    }

    /// The regions marked in one file's `text`.
    static func parse(_ text: String, file: URL, chapter: String) throws -> [SourceRegion] {
        var open: [SourceRegion] = []
        var closed: [SourceRegion] = []
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let line = String(rawLine)
            switch marker(in: line) {
            case .start(let name)?:
                open.append(SourceRegion(name: name, file: file, line: index + 1, lines: []))
            case .end(let name)?:
                let position = name.isEmpty ? open.indices.last : open.lastIndex(where: { $0.name == name })
                guard let position else {
                    throw ChapterError.unmatchedEndRegion(chapter: chapter, region: name, file: file, line: index + 1)
                }
                var region = open.remove(at: position)
                region.lines = tidied(region.lines)
                closed.append(region)
            case nil:
                for position in open.indices { open[position].lines.append(line) }
            }
        }
        if let unclosed = open.first {
            throw ChapterError.unclosedRegion(chapter: chapter, region: unclosed.name, file: file, line: unclosed.line)
        }
        return closed.sorted { $0.line < $1.line }
    }

    private enum Marker: Equatable {
        case start(String)
        case end(String)
    }

    /// `// region: NAME`, `// endregion: NAME` or a bare `// endregion`.
    private static func marker(in line: String) -> Marker? {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.hasPrefix("//") else { return nil }
        let comment = String(trimmed.dropFirst(2)).trimmingWhitespace()
        if comment.hasPrefix("region:") {
            let name = String(comment.dropFirst("region:".count)).trimmingWhitespace()
            return name.isEmpty || name.contains(where: \.isWhitespace) ? nil : .start(name)
        }
        if comment == "endregion" { return .end("") }
        if comment.hasPrefix("endregion:") {
            let name = String(comment.dropFirst("endregion:".count)).trimmingWhitespace()
            return name.contains(where: \.isWhitespace) ? nil : .end(name)
        }
        return nil
    }

    /// Blank lines trimmed from both ends and the indentation every line
    /// shares removed.
    static func tidied(_ lines: [String]) -> [String] {
        var lines = lines.map { $0.trimmingWhitespace().isEmpty ? "" : $0 }
        while lines.first == "" { lines.removeFirst() }
        while lines.last == "" { lines.removeLast() }
        let indents = lines.filter { !$0.isEmpty }.map { $0.prefix(while: { $0 == " " || $0 == "\t" }).count }
        let common = indents.min() ?? 0
        return lines.map { $0.isEmpty ? "" : String($0.dropFirst(common)) }
    }

    private static func swiftFiles(in folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]
        ) else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
