import TestSupport
import XCTest

@testable import FundusCore

/// Snippet windows are placed by character; the byte-level shortcut must
/// find exactly the characters Swift's grapheme breaking finds.
final class SnippetCharacterTests: XCTestCase {
    private func byCharacter(_ text: String) -> [Int] {
        var starts: [Int] = [], offset = 0
        for character in text {
            starts.append(offset)
            offset += character.utf8.count
        }
        return starts + [offset]
    }

    func testShortcutFindsTheSameCharactersAsGraphemeBreaking() {
        let pieces = ["a", "Z", " ", "\r", "\n", "\r\n", "\t", "ä", "ß", "é", "ǅ", "\u{AD}", "\u{85}", "„", "“", "–", "…",
                      "€", "‰", "⁞", "e\u{301}", "\u{301}", "\u{200D}", "\u{200C}", "👩\u{200D}🚒", "🇩🇪", "한", "\u{1100}\u{1161}",
                      "\u{20D7}", "\u{2028}", "‼\u{FE0F}", "\u{FE0F}", "ं", "x\u{2010}y"]
        var random = SplitMix64(state: 29_11)
        var shortcuts = 0
        for _ in 0..<3_000 {
            let text = (0..<random.int(0...12)).map { _ in pieces[random.int(0...pieces.count - 1)] }.joined()
            let bytes = Array(text.utf8)
            XCTAssertEqual(SnippetMaker.characterStarts(text, bytes), byCharacter(text), text.debugDescription)
            if SnippetMaker.scalarStarts(bytes) != nil { shortcuts += 1 }
        }
        XCTAssertGreaterThan(shortcuts, 50, "the shortcut should apply to some of the texts")
        let german = "Die Straße „Am Deich“ – ca. 5 € … Überfahrt\r\nnächste Zeile"
        XCTAssertNotNil(SnippetMaker.scalarStarts(Array(german.utf8)))
        XCTAssertNil(SnippetMaker.scalarStarts(Array("Cafe\u{301}".utf8)))
    }
}
