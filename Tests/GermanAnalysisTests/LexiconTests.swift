import Foundation
import GermanAnalysis
import XCTest

final class LexiconTests: XCTestCase {
    func testWordsAreFolded() {
        let lexicon = Lexicon(words: ["Straße", "Strasse", "Flüchtling", "KRISE", ""])
        XCTAssertEqual(lexicon.count, 3)
        XCTAssertTrue(lexicon.contains("strasse"))
        XCTAssertTrue(lexicon.contains("fluechtling"))
        XCTAssertTrue(lexicon.contains("krise"))
        XCTAssertFalse(lexicon.contains("Krise"))  // lookups take folded words
        XCTAssertEqual(Lexicon.empty.count, 0)
    }

    func testFileFormat() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        try "# unser Testlexikon\nrakete\r\n  Straße  \n\n#kommentar\nsatellit\n".write(to: url, atomically: true, encoding: .utf8)
        let lexicon = try Lexicon(contentsOf: url)
        XCTAssertEqual(lexicon.count, 3)
        XCTAssertTrue(lexicon.contains("rakete"))
        XCTAssertTrue(lexicon.contains("strasse"))
        XCTAssertTrue(lexicon.contains("satellit"))
        XCTAssertFalse(lexicon.contains("#kommentar"))
        XCTAssertEqual(Lexicon(text: "rakete\nsatellit").count, 2)
    }

    func testMissingFileThrows() {
        XCTAssertThrowsError(try Lexicon(contentsOf: URL(fileURLWithPath: "/nonexistent/de.txt")))
    }
}
