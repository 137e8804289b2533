import XCTest

@testable import Xapian

/// What goes into a database through the wrapper comes back out.
final class RoundTripTests: TemporaryDirectoryTestCase {
    func testDocumentTermsValuesAndDataRoundTrip() throws {
        let db = try WritableDatabase(path: path("db"))
        let doc = try Document()
        try doc.addPosting("rakete", position: 1)
        try doc.addPosting("Zraket", position: 1)
        try doc.addBooleanTerm("Qdoc-1")
        try doc.setValue("2024-05-01", slot: 1)
        try doc.setData("Straße in Pjöngjang")
        let id = try db.replaceDocument(uniqueTerm: "Qdoc-1", doc)
        try db.commit()

        let reader = try Database(path: path("db"))
        XCTAssertEqual(try reader.documentCount, 1)
        let back = try reader.document(id: id)
        XCTAssertEqual(try back.data(), "Straße in Pjöngjang")
        XCTAssertEqual(try back.value(slot: 1), "2024-05-01")
        XCTAssertEqual(try back.terms(), ["Qdoc-1", "Zraket", "rakete"])
        XCTAssertEqual(try reader.firstDocumentID(withTerm: "Qdoc-1"), id)
        XCTAssertNil(try reader.firstDocumentID(withTerm: "Qnope"))
        XCTAssertEqual(try reader.terms(withPrefix: "Z"), ["Zraket"])
    }

    func testReplaceByUniqueTermDoesNotDuplicate() throws {
        let db = try WritableDatabase(path: path("db"))
        for text in ["eins", "zwei"] {
            let doc = try Document()
            try doc.addTerm(text)
            try doc.addBooleanTerm("Qsame")
            try db.replaceDocument(uniqueTerm: "Qsame", doc)
        }
        try db.commit()
        XCTAssertEqual(try db.documentCount, 1)
        XCTAssertEqual(try db.termFrequency("zwei"), 1)
        XCTAssertEqual(try db.termFrequency("eins"), 0)
    }

    func testStemmerGerman2FoldsTransliteration() throws {
        let stemmer = try Stemmer(language: "german2")
        XCTAssertEqual(stemmer.stem("raketen"), stemmer.stem("rakete"))
        XCTAssertEqual(stemmer.stem("suedkorea"), stemmer.stem("südkorea"))
        // Longer than the stemmer's initial buffer.
        let long = String(repeating: "donaudampfschiff", count: 40)
        XCTAssertFalse(stemmer.stem(long).isEmpty)
    }

    func testEnquireRanksAndCollapses() throws {
        let db = try WritableDatabase(path: path("db"))
        for (i, (group, wdf)) in [("a", 1), ("a", 3), ("b", 2)].enumerated() {
            let doc = try Document()
            try doc.addTerm("rakete", wdfIncrement: UInt32(wdf))
            try doc.addTerm("filler\(i)", wdfIncrement: 5)
            try doc.setValue(group, slot: 0)
            try db.addDocument(doc)
        }
        try db.commit()
        let enquire = try Enquire(database: db)
        try enquire.setQuery(try Query(term: "rakete"))
        let all = try enquire.matches(first: 0, count: 10)
        XCTAssertEqual(all.matches.count, 3)
        XCTAssertEqual(all.matches.first?.documentID, 2)
        try enquire.setCollapseKey(slot: 0)
        let collapsed = try enquire.matches(first: 0, count: 10)
        XCTAssertEqual(collapsed.matches.count, 2)
        XCTAssertEqual(collapsed.matches.first?.collapseCount, 1)
        XCTAssertEqual(try (0..<2).map { try collapsed.collapseKey(at: $0) }, ["a", "b"])
        XCTAssertEqual(try all.collapseKey(at: 0), "")  // no collapsing, no key
        XCTAssertThrowsError(try collapsed.collapseKey(at: 2)) { error in
            XCTAssertEqual((error as? XapianError)?.code, .range)
        }
        XCTAssertEqual(try enquire.matchingTerms(documentID: 2), ["rakete"])
    }

    func testDocumentsHoldingLooksAcrossAllOfADocumentsPassages() throws {
        let db = try WritableDatabase(path: path("db"))
        // Document a: "rakete" in one passage, "start" in another. Document b:
        // both parts of a compound in one passage. Document c: nothing.
        for (doc, terms) in [("a", ["Zraket"]), ("a", ["Zstart"]), ("b", ["Pkurz", "Praket"]), ("c", ["Zwetter"])] {
            let d = try Document()
            for t in terms { try d.addTerm(t) }
            try d.addBooleanTerm("I" + doc)
            try db.addDocument(d)
        }
        try db.commit()
        let rakete: [[[String]]] = [[["Zraket"]], [["Praket"]]]
        let start: [[[String]]] = [[["Zstart"]]]
        let kurzrakete: [[[String]]] = [[["Zkurzraket"]], [["Zkurz", "Pkurz"], ["Zraket", "Praket"]]]
        let held = try db.documentsHolding(["Ia", "Ib", "Ic", "Inone"], words: [rakete, start, kurzrakete])
        XCTAssertEqual(held, [[true, true, false], [true, false, true], [false, false, false], [false, false, false]])
        XCTAssertEqual(try db.documentsHolding([], words: [rakete]), [])
        XCTAssertEqual(try db.documentsHolding(["Ia"], words: []), [[]])
        // Document a's first passage (docid 1) holds "rakete" only, its second
        // (docid 2) "start" only; the document holds both either way.
        for (best, expected) in [(UInt32(1), [true, false, false]), (2, [false, true, false])] {
            let both = try db.documentsHolding(["Ia", "Ib"], bestPassages: [best, 3], words: [rakete, start, kurzrakete])
            XCTAssertEqual(both.documents, [[true, true, false], [true, false, true]])
            XCTAssertEqual(both.passages, [expected, [true, false, true]])
        }
        XCTAssertThrowsError(try db.documentsHolding(["Ia", "Ib"], bestPassages: [1], words: [rakete]))
    }

    func testPositionsHoldingMarksWhereADocumentHasAnyOfTheTerms() throws {
        let db = try WritableDatabase(path: path("db"))
        // "Raketen starten, die Rakete fliegt": Zraket at 1 and 4, Zstart at 2,
        // and a title stem without a position, which marks nothing.
        let d = try Document()
        for (term, position) in [("Zraket", 1), ("Zstart", 2), ("die", 3), ("Zraket", 4), ("Zflieg", 5)] {
            try d.addPosting(term, position: UInt32(position))
        }
        try d.addTerm("Zhimmel")
        let id = try db.addDocument(d)
        try db.commit()
        XCTAssertEqual(try db.positions(holding: ["Zraket"], inDocument: id, count: 5), [true, false, false, true, false])
        XCTAssertEqual(try db.positions(holding: ["Zflieg", "Zstart", "Zmond"], inDocument: id, count: 5),
                       [false, true, false, false, true])
        XCTAssertEqual(try db.positions(holding: ["Zhimmel"], inDocument: id, count: 5), [false, false, false, false, false])
        // Positions past `count` are left out, not written past the end.
        XCTAssertEqual(try db.positions(holding: ["Zraket"], inDocument: id, count: 2), [true, false])
        XCTAssertEqual(try db.positions(holding: [], inDocument: id, count: 3), [false, false, false])
    }

    func testDocumentLengthsAreTheSumOfWdfInTheOrderAsked() throws {
        let db = try WritableDatabase(path: path("db"))
        XCTAssertEqual(try db.averageLength, 0)
        var ids: [UInt32] = []
        for terms in [["Zraket", "Zraket", "Zstart"], ["Zmond"], ["Zflieg", "Zhoch", "Zweit", "Zfort", "Zweg"]] {
            let d = try Document()
            for (position, term) in terms.enumerated() { try d.addPosting(term, position: UInt32(position + 1)) }
            ids.append(try db.addDocument(d))
        }
        try db.commit()
        XCTAssertEqual(try db.documentLengths([ids[2], ids[0], ids[1], ids[0]]), [5, 3, 1, 3])
        XCTAssertEqual(try db.documentLengths([]), [])
        XCTAssertEqual(try db.averageLength, 3, accuracy: 1e-9)
    }

    func testSpellingFrequenciesGoUpAndDown() throws {
        let db = try WritableDatabase(path: path("db"))
        try db.addSpelling("raketenstart", frequencyIncrement: 2)
        try db.removeSpelling("mondlandung")  // unknown: no error
        try db.commit()
        XCTAssertEqual(try db.spellingSuggestion(for: "raketnstart"), "raketenstart")
        try db.removeSpelling("raketenstart")
        try db.commit()
        XCTAssertEqual(try db.spellingSuggestion(for: "raketnstart"), "raketenstart", "one document still has it")
        try db.removeSpelling("raketenstart")
        try db.commit()
        XCTAssertNil(try db.spellingSuggestion(for: "raketnstart"))
    }

    func testShardsAreSearchedTogetherAndCompactMerges() throws {
        for name in ["s1", "s2"] {
            let db = try WritableDatabase(path: path(name))
            let doc = try Document()
            try doc.addTerm("satellit")
            try doc.addBooleanTerm("Q" + name)
            try db.addDocument(doc)
            try db.close()
        }
        let combined = try Database(path: path("s1"))
        try combined.addShard(try Database(path: path("s2")))
        XCTAssertEqual(try combined.documentCount, 2)

        try DatabaseMaintenance.compact([path("s1"), path("s2")], into: path("merged"))
        let merged = try Database(path: path("merged"))
        XCTAssertEqual(try merged.documentCount, 2)
        XCTAssertEqual(try merged.termFrequency("satellit"), 2)
        XCTAssertEqual(try DatabaseMaintenance.verify(path: path("merged")).errors, 0)
    }

    func testQueryCombinatorsDescribeThemselves() throws {
        let q = try Query.combine(.or, [try Query(term: "a"), try Query(term: "b").scaled(by: 2)])
        XCTAssertTrue(q.description.contains("OR"), q.description)
        XCTAssertFalse(q.isEmpty)
        XCTAssertTrue(try Query.valueRange(slot: 1, from: "2023-01-01", to: nil).description.contains("VALUE_GE"))
    }
}
