import Foundation
import XCTest

@testable import FundusCore

/// The hand-written parts of the ingest's hot path must write exactly what
/// the Foundation code they replaced wrote.
final class StoredRecordTests: XCTestCase {
    func testStoredJSONIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var everyASCII = ""
        for value in 0..<0x80 { everyASCII.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let records = [
            PassageRecord(id: "nk-1", title: "Nordkorea feuert Raketen ab", passage: 1,
                          text: "Das Militär in Pjöngjang hat zwei Raketen gestartet.\nSeoul: „Provokation“."),
            PassageRecord(id: "a\"b\\c/d", title: "", passage: 12, text: everyASCII, source: "Fundus-Test",
                          url: "https://example.org/a?b=c&d", date: "2024-03-18"),
            PassageRecord(id: "ß\u{2028}\u{FEFF}", title: "Straße\t€ 𝄞", passage: 999_999, text: "", source: "",
                          url: nil, date: nil),
        ]
        for record in records {
            XCTAssertEqual(record.storedJSON, String(decoding: try encoder.encode(record), as: UTF8.self))
            XCTAssertEqual(try JSONDecoder().decode(PassageRecord.self, from: Data(record.storedJSON.utf8)), record)
            XCTAssertEqual(PassageRecord(storedJSON: record.storedJSON), record)
        }
    }

    func testStoredJSONReaderAgreesWithJSONDecoderOrDeclines() throws {
        // Escapes JSONEncoder does not write but other writers may.
        let escaped = #"{ "id" : "a\/b", "passage": 3, "text": "\u00e4\u00DF \ud834\udd1e\"", "title": "T", "url": null }"#
        let expected = try JSONDecoder().decode(PassageRecord.self, from: Data(escaped.utf8))
        XCTAssertEqual(PassageRecord(storedJSON: escaped), expected)
        XCTAssertEqual(expected.text, "äß 𝄞\"")
        // Anything else is left to JSONDecoder (nil), never misread.
        for other in [#"{"id":"a","passage":1.5,"text":"","title":""}"#, #"{"id":"a","passage":1,"text":"","title":"","x":true}"#,
                      #"{"id":"a","passage":1,"text":"\ud834","title":""}"#, #"{"id":"a","passage":1,"text":"\u00g1","title":""}"#,
                      #"{"id":"a","passage":1,"text":"","title":""} x"#, #"{"id":"a","text":"","title":""}"#, "", "[]",
                      "{\"id\":\"a\u{01}b\",\"passage\":1,\"text\":\"\",\"title\":\"\"}", #"{"id":"a","passage":1,"text":"abc"#,
                      #"{"id":"a","passage":1,"text":"ab\"#] {
            XCTAssertNil(PassageRecord(storedJSON: other), other)
        }
    }

    func testSpellingWordsAreLowerCaseLettersOnly() {
        func word(_ s: String) -> String? { IndexWriter.spellingWord(ArraySlice(Array(s.utf8))) }
        XCTAssertEqual(word("Raketen"), "raketen")
        XCTAssertEqual(word("ÜBUNG"), "übung")
        XCTAssertEqual(word("Straße"), "straße")
        for notAWord in ["G8-Gipfel", "Tag2", "a_b", "@@@@", "Mai.", "über-all"] { XCTAssertNil(word(notAWord), notAWord) }
        // Every ASCII byte pair agrees with Character.isLetter and lowercased().
        for a in UInt8(0x20)..<0x7F {
            for b in [UInt8(ascii: "a"), UInt8(ascii: "Z"), UInt8(ascii: "["), UInt8(ascii: "`"), UInt8(ascii: "{")] {
                let s = String(decoding: [a, b, a, b], as: UTF8.self)
                XCTAssertEqual(word(s), s.allSatisfy(\.isLetter) ? s.lowercased() : nil, s)
            }
        }
    }
}
