import Foundation
import XCTest

/// The core's folders depend one way only, from the top down (Docs/layers.md).
/// A folder that names a type declared in a higher layer fails this test.
final class LayerTests: XCTestCase {
    /// Bottom first. Folders in one group may name each other's types.
    static let layers: [[String]] = [
        ["Support"],
        ["Trace"],
        ["Connection"],
        ["StartMethods", "Process", "Tracker"],
        ["SharedMemory", "Synchronize"],
        ["Queues"],
        ["Pool", "Managers", "Threads"],
    ]

    /// Names that are not the core's own types where they appear: Swift's
    /// (`Array`, `DecodingError.Context`), and nested names several types reuse.
    static let ignored: Set<String> = ["Array", "Value", "Context", "State", "Kind", "Phase", "CodingKeys", "Element", "Key"]

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Multiprocessing")

    func testEveryCoreFolderHasALayer() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: Self.sources.appendingPathComponent($0).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }
        XCTAssertEqual(Set(folders), Set(Self.layers.joined()), "a new folder needs a place in LayerTests.layers and Docs/layers.md")
    }

    func testNoFolderNamesATypeFromAHigherLayer() throws {
        var texts: [String: String] = [:]
        for folder in Self.layers.joined() {
            texts[folder] = try Self.swiftText(in: Self.sources.appendingPathComponent(folder))
        }
        let violations = Self.violations(texts: texts, layers: Self.layers, ignoring: Self.ignored)
        XCTAssertEqual(violations, [], "lower layers must not name higher ones' types")
    }

    /// The check itself finds a circle: Support naming a Connection type.
    func testTheCheckCatchesACircle() {
        let texts = [
            "Support": "enum Descriptors { static func read() throws { throw MP.EOFError() } }",
            "Connection": "extension MP { struct EOFError: Error {} }\nfinal class Connection { let d = Descriptors.self }",
        ]
        XCTAssertEqual(Self.violations(texts: texts, layers: [["Support"], ["Connection"]], ignoring: []),
                       ["Support names EOFError (Connection)"])
        XCTAssertEqual(Self.violations(texts: texts, layers: [["Support", "Connection"]], ignoring: []), [])
    }

    /// "Folder names Type (Higher folder)" for every reference upwards.
    static func violations(texts: [String: String], layers: [[String]], ignoring: Set<String>) -> [String] {
        let level = Dictionary(uniqueKeysWithValues: layers.enumerated().flatMap { index, group in group.map { ($0, index) } })
        var declaredIn: [String: Set<String>] = [:]
        for (folder, text) in texts {
            for name in matches(#"\b(?:struct|class|enum|protocol|typealias|actor)\s+([A-Z]\w*)"#, in: text) {
                declaredIn[name, default: []].insert(folder)
            }
        }
        var found: [String] = []
        for (folder, text) in texts.sorted(by: { $0.key < $1.key }) {
            guard let mine = level[folder] else { continue }
            for name in Set(matches(#"\b([A-Z]\w*)\b"#, in: text)).sorted() where !ignoring.contains(name) {
                guard let owners = declaredIn[name], owners.count == 1, let owner = owners.first, owner != folder,
                      let theirs = level[owner], theirs > mine else { continue }
                found.append("\(folder) names \(name) (\(owner))")
            }
        }
        return found
    }

    /// Every Swift file under `folder`, without comments and string literals.
    static func swiftText(in folder: URL) throws -> String {
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { file in
            try String(contentsOf: file, encoding: .utf8)
                .replacingOccurrences(of: #"//.*"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #""(?:[^"\\\n]|\\.)*""#, with: "\"\"", options: .regularExpression)
        }.joined(separator: "\n")
    }

    private static func matches(_ pattern: String, in text: String) -> [String] {
        let expression = try! NSRegularExpression(pattern: pattern)
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
