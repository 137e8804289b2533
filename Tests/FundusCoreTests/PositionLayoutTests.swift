import Foundation
import GermanAnalysis
import Xapian
import XCTest

@testable import FundusCore

/// What schema version 2 changed: which terms of a passage carry positions
/// (a word's stem and its compound parts do, its exact form only for
/// stopwords; the phrase tests in `QueryCLITests` show that phrases still
/// work on this), and the title's compound parts in value slot 2.
final class PositionLayoutTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-pos-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testExactWordsKeepPositionsOnlyForStopwords() throws {
        let input = directory.appendingPathComponent("news.jsonl")
        try #"{"id":"a","title":"Bericht","text":"Die Raketen starten morgen früh."}"#.write(to: input, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("db").path
        let lock = try IndexLock(indexPath: db)
        _ = try Ingestor(store: IndexStore(path: db), lexiconURL: nil, options: IngestOptions()).ingest([input.path])
        lock.release()

        let database = try Database(path: db)
        let docid = try XCTUnwrap(try database.firstDocumentID(withTerm: Schema.passageTerm("a", passage: 1)))
        let terms = try database.document(id: docid).terms()
        XCTAssertTrue(terms.contains("raketen") && terms.contains("Zraket"), "\(terms)")
        // Schema 2 brought this layout; schema 3 (hashed long ids) keeps it.
        XCTAssertEqual(try database.metadata(forKey: Schema.Metadata.schemaVersion), Schema.version)

        func marked(_ term: String) throws -> [Bool] { try database.positions(holding: [term], inDocument: docid, count: 5) }
        XCTAssertEqual(try marked("die"), [true, false, false, false, false], "a stopword keeps its position")
        XCTAssertEqual(try marked("raketen"), [false, false, false, false, false], "an exact word has none")
        XCTAssertEqual(try marked("Zraket"), [false, true, false, false, false], "its stem has it")
        XCTAssertEqual(try marked("Zstart"), [false, false, true, false, false])
    }

    func testTitleSlotHoldsEachStemOnceWithItsParts() throws {
        let analyzer = Analyzer(stemmer: try Stemmer(language: Analysis.stemmerLanguage),
                                lexicon: Lexicon(words: ["kurz", "strecke", "rakete"]))
        let mark = String(Schema.Slot.partMark)
        XCTAssertEqual(Schema.Slot.titleStemsValue(analyzer.analyze("Test der Kurzstreckenraketen, zweiter Test")),
                       mark + "test " + ["kurzstreckenraket", "kurz", "streck", "raket"].joined(separator: mark) + " zweit")
        XCTAssertEqual(Schema.Slot.titleStemsValue(analyzer.analyze("Der, die, das")), mark, "stopwords only")
    }

    /// The re-ranking reads a title's parts from slot 2 (schema 2), splits the
    /// stems of an older slot itself (schema 1), and analyses the stored title
    /// when the slot is missing: all three give the same share here.
    func testTitleCoverageReadsEverySlotFormat() throws {
        let db = directory.appendingPathComponent("db").path
        let writer = try IndexWriter(path: db, lexicon: Lexicon(words: ["rakete", "abwehr"]))
        try writer.add(SourceDocument(id: "a", title: "Raketenabwehr im Test", text: "Die Rakete flog weit."))
        try writer.add(SourceDocument(id: "b", title: "Wetter", text: "Keine Rakete war zu sehen, nur Regen."))
        try writer.close()

        func titleFactor() throws -> Double {
            var options = SearchOptions()
            options.explain = true
            let hits = try Searcher(path: db).search("Rakete", options: options).hits
            return try XCTUnwrap(hits.first { $0.id == "a" }?.rerank).titleFactor
        }
        func setSlot(_ value: String) throws {
            let database = try WritableDatabase(path: db, mode: .openExisting)
            let term = Schema.passageTerm("a", passage: 1)
            let document = try database.document(id: try XCTUnwrap(try database.firstDocumentID(withTerm: term)))
            try document.setValue(value, slot: Schema.Slot.titleStems)
            _ = try database.replaceDocument(uniqueTerm: term, document)
            try database.close()
        }
        let stored = try titleFactor()
        XCTAssertGreaterThan(stored, 1, "the query holds one of the compound's parts")
        try setSlot("raketenabwehr test")  // schema 1: stems only
        XCTAssertEqual(try titleFactor(), stored, accuracy: 1e-12)
        try setSlot("")  // no slot at all
        XCTAssertEqual(try titleFactor(), stored, accuracy: 1e-12)
    }
}
