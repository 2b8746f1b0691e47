import XCTest
@testable import Workbook
final class CheckScratchTests: XCTestCase {
    func testScratch() throws {
        let script = try CheckScript(parsing: "CHECK: a\nCHECK-NEXT: b\n", firstLine: 10)
        print(script.check(output: "a\nc\nb\n", trace: []).report(color: false))
    }
}
