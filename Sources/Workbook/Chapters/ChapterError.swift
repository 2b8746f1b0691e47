import Foundation

/// What can be wrong with the lessons on disk, said so a learner (or a
/// chapter's author) knows what to fix.
public enum ChapterError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The package has no `Lessons/` folder.
    case noLessonsFolder(URL)
    /// No chapter matches what was asked for; `available` lists them as
    /// `NN-slug`.
    case unknownChapter(String, available: [String])
    /// Two chapter folders share a number.
    case duplicateChapterNumber(Int, folders: [String])
    /// A chapter folder's name is not `NN-slug`.
    case badFolderName(URL)
    /// A chapter folder has no `chapter.md`.
    case missingChapterFile(URL)
    /// `chapter.md` exists but cannot be read as UTF-8 text.
    case unreadableChapterFile(URL, reason: String)
    /// A chapter folder has no `Example/` folder to build and run.
    case missingExampleFolder(URL)
    /// `chapter.md` does not start with a `---` line.
    case missingFrontMatter(URL)
    /// The front matter has no closing `---` line.
    case unclosedFrontMatter(URL)
    /// A front matter line is not `key: value`.
    case malformedFrontMatterLine(URL, line: Int, text: String)
    /// A front matter key the workbook does not know.
    case unknownFrontMatterKey(URL, line: Int, key: String)
    /// A key that may appear only once appears again.
    case duplicateFrontMatterKey(URL, line: Int, key: String)
    /// A key with nothing after the colon.
    case emptyFrontMatterValue(URL, line: Int, key: String)
    /// `minutes` or `timeout` is not a positive number.
    case badNumber(URL, line: Int, key: String, value: String)
    /// The front matter has no `title`.
    case missingTitle(URL)
    /// An `include=` block names a region no example source has.
    case missingRegion(chapter: String, region: String, folder: URL, available: [String])
    /// A region name is used by more than one region.
    case duplicateRegion(chapter: String, region: String, folder: URL, places: [String])
    /// A `// region: NAME` marker without its `// endregion`.
    case unclosedRegion(chapter: String, region: String, file: URL, line: Int)
    /// A `// endregion` marker with no open region of that name.
    case unmatchedEndRegion(chapter: String, region: String, file: URL, line: Int)
    /// An `include=` block that already holds code (code is included, never pasted).
    case includeBlockNotEmpty(chapter: String, region: String, line: Int)
    /// An `include=` with no region name.
    case emptyIncludeName(chapter: String, line: Int)

    /// The message for the learner.
    public var description: String {
        switch self {
        case .noLessonsFolder(let url):
            return "There is no Lessons folder at \(displayPath(url)). Run the workbook from the package's folder."
        case .unknownChapter(let query, let available):
            let list = available.isEmpty ? "there are none yet" : available.joined(separator: ", ")
            return "There is no chapter \"\(query)\". Give a number or a name; the chapters are: \(list)."
        case .duplicateChapterNumber(let number, let folders):
            return "Chapter number \(number) is used by more than one folder: \(folders.joined(separator: ", ")). Give each chapter its own number."
        case .badFolderName(let url):
            return "\(displayPath(url)) is not named like a chapter folder (NN-slug, for example 02-processes)."
        case .missingChapterFile(let url):
            return "\(displayPath(url)) has no chapter.md."
        case .unreadableChapterFile(let url, let reason):
            return "\(displayPath(url)) cannot be read: \(reason)"
        case .missingExampleFolder(let url):
            return "\(displayPath(url)) has no Example folder; every chapter needs an example to run."
        case .missingFrontMatter(let url):
            return "\(displayPath(url)) must start with front matter: a line \"---\", lines like \"title: ...\", and another \"---\"."
        case .unclosedFrontMatter(let url):
            return "\(displayPath(url)): the front matter starting on line 1 has no closing \"---\" line."
        case .malformedFrontMatterLine(let url, let line, let text):
            return "\(displayPath(url)):\(line): \"\(text)\" is not a \"key: value\" line."
        case .unknownFrontMatterKey(let url, let line, let key):
            return "\(displayPath(url)):\(line): unknown front matter key \"\(key)\"; the keys are \(FrontMatter.knownKeys.joined(separator: ", "))."
        case .duplicateFrontMatterKey(let url, let line, let key):
            return "\(displayPath(url)):\(line): \"\(key)\" is given twice; only goal may repeat."
        case .emptyFrontMatterValue(let url, let line, let key):
            return "\(displayPath(url)):\(line): \"\(key)\" has no value."
        case .badNumber(let url, let line, let key, let value):
            let kind = key == "minutes" ? "a whole number of minutes" : "a number of seconds"
            return "\(displayPath(url)):\(line): \(key) must be \(kind) greater than zero, not \"\(value)\"."
        case .missingTitle(let url):
            return "\(displayPath(url)): the front matter has no title (add a line \"title: ...\")."
        case .missingRegion(let chapter, let region, let folder, let available):
            let known = available.isEmpty ? "it has no regions" : "its regions are " + available.joined(separator: ", ")
            return "Chapter \(chapter) includes region \"\(region)\", but no .swift file in \(displayPath(folder)) marks it with \"// region: \(region)\" (\(known))."
        case .duplicateRegion(let chapter, let region, let folder, let places):
            return "Chapter \(chapter) includes region \"\(region)\", but \(displayPath(folder)) has it more than once (\(places.joined(separator: ", "))); give each region its own name."
        case .unclosedRegion(let chapter, let region, let file, let line):
            return "Chapter \(chapter): region \"\(region)\" opened at \(displayPath(file)):\(line) has no \"// endregion: \(region)\"."
        case .unmatchedEndRegion(let chapter, let region, let file, let line):
            let name = region.isEmpty ? "" : " \"\(region)\""
            return "Chapter \(chapter): \(displayPath(file)):\(line) ends a region\(name) that is not open."
        case .includeBlockNotEmpty(let chapter, let region, let line):
            return "Chapter \(chapter), chapter.md:\(line): the block including \"\(region)\" must be empty; its code comes from the example."
        case .emptyIncludeName(let chapter, let line):
            return "Chapter \(chapter), chapter.md:\(line): \"include=\" needs a region name, as in \"swift include=letters\"."
        }
    }
}

/// A path as a learner would type it: relative to the current folder when
/// it is inside it.
public func displayPath(_ url: URL) -> String {
    let path = url.standardizedFileURL.path
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
    let prefix = current.hasSuffix("/") ? current : current + "/"
    if path.hasPrefix(prefix) {
        return String(path.dropFirst(prefix.count))
    }
    return path
}
