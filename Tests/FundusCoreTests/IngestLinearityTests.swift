import Foundation
import GermanAnalysis
import Xapian
import XCTest

@testable import FundusCore

/// Each stage of ingest must cost time in proportion to its input (issue 15,
/// point 7). No absolute timings: each check runs a stage on a text and on
/// one four times as long, both large enough to be well above the clock's
/// noise, and asks that the long one take less than 8 times as long (linear:
/// about 4; quadratic: about 16). The small size doubles until one run takes
/// 40 ms of CPU, and each size keeps its best of three runs: CPU time of
/// this thread, so other processes on the machine do not count.
final class IngestLinearityTests: XCTestCase {
    static let sentence = "Der Wanderweg führt am Bachufer entlang bis zur alten Mühle, dort beginnt der Aufstieg zum Gipfel. "

    /// A text of about `n` characters: sentences joined by `separator` only.
    static func text(_ n: Int, separator: String = "") -> String {
        let count = max(1, n / (sentence.count + separator.count))
        return Array(repeating: sentence, count: count).joined(separator: separator)
    }

    func testOneLongParagraphIsSplitInLinearTime() {
        let splitter = PassageSplitter()
        assertLinear("one paragraph without line breaks", start: 100_000) { n in
            let text = Self.text(n)
            return { _ = splitter.split(text) }
        }
    }

    func testTextWithSingleNewlinesOnlyIsSplitInLinearTime() {
        let splitter = PassageSplitter()
        assertLinear("single newlines only", start: 100_000) { n in
            let text = Self.text(n, separator: "\n")
            return { _ = splitter.split(text) }
        }
    }

    /// Not only cheap: every passage of a 2 MB paragraph is at most the
    /// maximum long, and together they are the whole text.
    func testHugeParagraphIsCutIntoWholeBoundedPassages() {
        let text = Self.text(2_000_000)
        let passages = PassageSplitter().split(text)
        XCTAssertGreaterThan(passages.count, 2_000)
        XCTAssertTrue(passages.allSatisfy { $0.count <= 1000 && $0.hasSuffix("Gipfel.") })
        XCTAssertEqual(passages.joined(separator: " "), text.trimmingCharacters(in: .whitespaces))
    }

    func testOneHugeJSONRecordIsDecodedInLinearTime() {
        assertLinear("one JSON Lines record", start: 100_000) { n in
            let object = ["id": "gross", "title": "Ein langer Text", "text": Self.text(n)]
            var line = try! JSONSerialization.data(withJSONObject: object)
            line.append(UInt8(ascii: "\n"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("linear-\(UUID().uuidString).jsonl")
            try! line.write(to: file)
            addTeardownBlock { try? FileManager.default.removeItem(at: file) }
            return {
                let handle = try! FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                var reader = JSONLinesReader(handle: handle, name: "gross.jsonl")
                guard case .success(let document)? = try! reader.next() else { return XCTFail("record not read") }
                XCTAssertEqual(document.id, "gross")
            }
        }
    }

    func testOneLineTextFileIsReadInLinearTime() {
        assertLinear("a text file of one line", start: 100_000) { n in
            let data = Data(("Titel\n" + Self.text(n)).utf8)
            return { _ = TextFileReader.textFile(path: "/notiz.txt", data: data) }
        }
    }

    func testAnalysisOfAPassageSequenceIsLinear() {
        // What IndexWriter does with a long paragraph: split, then analyse each passage.
        let analyzer = Analyzer(stemmer: try! Stemmer(language: Analysis.stemmerLanguage))
        let splitter = PassageSplitter()
        assertLinear("split and analysed", start: 20_000) { n in
            let text = Self.text(n)
            return { for passage in splitter.split(text) { _ = analyzer.analyze(passage) } }
        }
    }
}
