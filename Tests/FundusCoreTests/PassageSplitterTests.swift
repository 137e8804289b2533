import XCTest

@testable import FundusCore

final class PassageSplitterTests: XCTestCase {
    let splitter = PassageSplitter(maxCharacters: 1000, joinBelow: 80)

    func testParagraphsSplitAtBlankLines() {
        let a = String(repeating: "Der Stadtrat beschloss den Bau der Brücke. ", count: 3)
        let b = String(repeating: "Die Bürgermeisterin lobte die Einigung. ", count: 3)
        XCTAssertEqual(splitter.split(a + "\n\n  \n" + b), [a.trimmingCharacters(in: .whitespaces), b.trimmingCharacters(in: .whitespaces)])
    }

    func testShortHeadingJoinsNextParagraph() {
        let body = String(repeating: "Zeigt eine kurze Hilfemeldung an und beendet das Programm. ", count: 2)
            .trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(splitter.split("OPTIONEN\n\n" + body), ["OPTIONEN\n" + body])
    }

    func testLongParagraphIsCutAtSentenceEnds() {
        let sentence = "Die Raketen flogen rund dreihundert Kilometer weit und stürzten ins Meer. "
        let paragraph = String(repeating: sentence, count: 40)  // about 2,900 characters
        let passages = splitter.split(paragraph)
        XCTAssertGreaterThan(passages.count, 2)
        for p in passages {
            XCTAssertLessThanOrEqual(p.count, 1000)
            XCTAssertTrue(p.hasSuffix("Meer."), "cut mid-sentence: …\(p.suffix(30))")
        }
        XCTAssertEqual(passages.joined(separator: " "), paragraph.trimmingCharacters(in: .whitespaces))
    }

    func testSentenceWithoutPunctuationIsCutAtSpaces() {
        let words = String(repeating: "Wort ", count: 500)
        let passages = splitter.split(words)
        XCTAssertTrue(passages.allSatisfy { $0.count <= 1000 && !$0.hasPrefix(" ") && $0.hasSuffix("Wort") })
    }

    func testTextWithoutAnySpacesIsStillCut() {
        let passages = splitter.split(String(repeating: "x", count: 2500))
        XCTAssertEqual(passages.map(\.count), [1000, 1000, 500])
    }

    func testEmptyAndWhitespaceTextHasNoPassages() {
        XCTAssertEqual(splitter.split(""), [])
        XCTAssertEqual(splitter.split(" \n\n\t\n"), [])
    }

    func testWindowsLineEndings() {
        let a = String(repeating: "Erster Absatz mit Inhalt. ", count: 4)
        let b = String(repeating: "Zweiter Absatz mit Inhalt. ", count: 4)
        XCTAssertEqual(splitter.split(a + "\r\n\r\n" + b).count, 2)
    }
}
