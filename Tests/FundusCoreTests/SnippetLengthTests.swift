import XCTest

@testable import FundusCore

/// `--snippet-chars N` is a promise: no snippet is longer, the "…" marks
/// included, and the best match is in it whenever it fits (issue 16).
final class SnippetLengthTests: XCTestCase {
    let passages = [
        "Die Bürgerversammlung der Gemeinde Hinterzarten beschloss nach langer Aussprache, den Gemeindesaal zu renovieren.",
        "Ausgesprochen langwierige Verwaltungsvorschriftenüberarbeitungen verzögerten den Neubau der Feuerwache erheblich.",
        "Kurz: Rakete. " + String(repeating: "Weitere Sätze ohne Bezug füllen den Absatz. ", count: 8) + "Am Ende steht Rakete.",
    ]
    let words = ["Gemeindesaal", "Feuerwache", "Rakete", "Hinterzarten", "erheblich"]

    func testNoSnippetExceedsTheLimitAndTheMatchIsInItWhenItFits() throws {
        var checked = 0
        for text in passages {
            for word in words {
                guard let found = text.range(of: word) else { continue }
                let start = text.utf8.distance(from: text.startIndex, to: found.lowerBound)
                let highlight = start..<(start + word.utf8.count)
                for limit in 1...120 {
                    let (snippet, marks) = SnippetMaker(maxCharacters: limit).make(text, highlights: [highlight])
                    XCTAssertLessThanOrEqual(snippet.count, limit, "\(limit) \(word): \(snippet)")
                    if word.count + 4 <= limit {
                        XCTAssertEqual(marks.count, 1, "\(limit) \(word): the match is missing from \(snippet)")
                        if let mark = marks.first {
                            let bytes = Array(snippet.utf8)
                            XCTAssertEqual(String(decoding: bytes[mark], as: UTF8.self), word)
                        }
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 500)
    }
}
