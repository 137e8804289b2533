import Foundation
import Xapian
import XCTest

@testable import FundusCore

/// Incremental ingest (issue 5), checked through what the index holds:
/// passages, their Xapian document ids and terms, and the per-document state.
final class IngestIncrementalTests: XCTestCase {
    var directory: URL!
    var db: String { directory.appendingPathComponent("db").path }
    var notes: String { directory.appendingPathComponent("notes").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-inc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @discardableResult
    func ingest(_ inputs: [String], options: IngestOptions = IngestOptions()) throws -> IngestReport {
        let lock = try IndexLock(indexPath: db)
        defer { lock.release() }
        return try Ingestor(store: IndexStore(path: db), lexiconURL: nil, options: options).ingest(inputs)
    }

    /// The Xapian document id and the terms of a document's passage.
    func passage(_ id: String, _ number: Int = 1) throws -> (docid: UInt32, terms: [String], data: String)? {
        let database = try Database(path: db)
        guard let docid = try database.firstDocumentID(withTerm: Schema.passageTerm(id, passage: number)) else { return nil }
        let doc = try database.document(id: docid)
        return (docid, try doc.terms(), try doc.data())
    }

    func ids(_ query: String) throws -> Set<String> {
        var options = SearchOptions()
        options.limit = 100
        options.ranking.requireAll = 1
        return Set(try Searcher(path: db).search(query, options: options).hits.map(\.id))
    }

    func testEditedFileChangesAndOtherFilesStayUntouched() throws {
        let a = try write("notes/a.txt", "Erster Brief\n\nDie Buttermilch ist sauer geworden.\n")
        let b = try write("notes/tief/b.md", "# Zweiter Brief\n\nDas Gipfelkreuz steht schief.\n")
        var report = try ingest([notes])
        XCTAssertEqual([report.added, report.changed, report.removed, report.unchanged], [2, 0, 0, 0])
        let bBefore = try XCTUnwrap(try passage(b))

        // Mark b's passage behind the ingester's back: if the next run
        // re-indexed b, the mark would be gone.
        let marked = try WritableDatabase(path: db, mode: .openExisting)
        let doc = try marked.document(id: bBefore.docid)
        try doc.addBooleanTerm("XUNTOUCHED")
        try marked.replaceDocument(uniqueTerm: Schema.passageTerm(b, passage: 1), doc)
        try marked.close()

        try write("notes/a.txt", "Erster Brief\n\nDie Molke ist frisch.\n")
        report = try ingest([notes])
        XCTAssertEqual([report.added, report.changed, report.removed, report.unchanged], [0, 1, 0, 1])
        let aAfter = try XCTUnwrap(try passage(a))
        XCTAssertTrue(aAfter.terms.contains("molke"), "\(aAfter.terms)")
        XCTAssertFalse(aAfter.terms.contains("buttermilch"))
        let bAfter = try XCTUnwrap(try passage(b))
        XCTAssertEqual(bAfter.docid, bBefore.docid)
        XCTAssertTrue(bAfter.terms.contains("XUNTOUCHED"), "b was indexed again")
        XCTAssertEqual(try ids("Buttermilch"), [])
        XCTAssertEqual(try ids("Molke"), [a])
    }

    func testDeletedFileIsRemovedAndNewFileAdded() throws {
        let a = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let b = try write("notes/b.txt", "Notiz\n\nDas Gipfelkreuz steht schief.\n")
        try ingest([notes])
        try FileManager.default.removeItem(atPath: b)
        let c = try write("notes/c.txt", "Neu\n\nDie Wanderstiefel sind nass.\n")
        let report = try ingest([notes])
        XCTAssertEqual([report.added, report.changed, report.removed, report.unchanged], [1, 0, 1, 1])
        XCTAssertNil(try passage(b))
        XCTAssertEqual(try ids("Gipfelkreuz"), [])
        XCTAssertEqual(try ids("Wanderstiefel"), [c])
        XCTAssertEqual(try ids("Buttermilch"), [a])
        XCTAssertEqual(try Searcher(path: db).passageCount, 2)
    }

    func testTouchedButUnchangedFileIsNotIndexedAgain() throws {
        let a = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try ingest([notes])
        let later = Date().addingTimeInterval(60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: a)
        var report = try ingest([notes])
        XCTAssertEqual([report.added, report.changed, report.unchanged, report.passages], [0, 0, 1, 0])
        // The new time is remembered: the third run does not even read the file.
        report = try ingest([notes])
        XCTAssertEqual(report.bytesRead, 0)
        XCTAssertEqual(report.unchanged, 1)
    }

    func testShrunkFileLosesItsExtraPassages() throws {
        let long = (1...3).map { "Absatz \($0): " + String(repeating: "Die Brücke über die Mulde wird saniert. ", count: 20) }
        let a = try write("notes/a.txt", "Brücke\n\n" + long.joined(separator: "\n\n"))
        try ingest([notes])
        XCTAssertNotNil(try passage(a, 3))
        try write("notes/a.txt", "Brücke\n\nNur noch ein Absatz.\n")
        try ingest([notes])
        XCTAssertNil(try passage(a, 2))
        XCTAssertEqual(try Searcher(path: db).passageCount, 1)
    }

    func testUnreadableFileKeepsItsPassagesAndIsReported() throws {
        let a = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try ingest([notes])
        // Not valid UTF-8 now: reported, and the old passages stay.
        try Data([0x42, 0x72, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: a))
        let report = try ingest([notes])
        XCTAssertEqual(report.problems.map(\.location), [a])
        XCTAssertEqual(report.removed, 0)
        XCTAssertEqual(try ids("Buttermilch"), [a])
    }

    func testJSONLinesChangedRecordIsReplacedAndUnchangedSkipped() throws {
        let file = try write("news.jsonl", """
            {"id":"n1","title":"Sturm","text":"Orkanböen an der Küste."}
            {"id":"n2","title":"Brücke","text":"Die Brücke wird saniert."}

            """)
        try ingest([file])
        let n2 = try XCTUnwrap(try passage("n2"))
        try write("news.jsonl", """
            {"id":"n1","title":"Sturm","text":"Hagel an der Küste."}
            {"id":"n2","title":"Brücke","text":"Die Brücke wird saniert."}

            """)
        let report = try ingest([file])
        XCTAssertEqual([report.added, report.changed, report.unchanged], [0, 1, 1])
        XCTAssertEqual(try ids("Orkanböen"), [])
        XCTAssertEqual(try ids("Hagel"), ["n1"])
        XCTAssertEqual(try passage("n2")?.docid, n2.docid)
    }

    func testPruneRemovesRecordsMissingFromTheSameInputOnly() throws {
        let news = try write("news.jsonl", """
            {"id":"n1","title":"Sturm","text":"Orkanböen an der Küste."}
            {"id":"n2","title":"Brücke","text":"Die Brücke wird saniert."}

            """)
        let other = try write("other.jsonl", "{\"id\":\"o1\",\"title\":\"Wald\",\"text\":\"Der Waldbrand ist gelöscht.\"}\n")
        try ingest([news, other])
        try write("news.jsonl", "{\"id\":\"n2\",\"title\":\"Brücke\",\"text\":\"Die Brücke wird saniert.\"}\n")
        // Without --prune a vanished record stays.
        XCTAssertEqual(try ingest([news]).removed, 0)
        XCTAssertEqual(try ids("Orkanböen"), ["n1"])
        let report = try ingest([news], options: IngestOptions(prune: true))
        XCTAssertEqual([report.removed, report.unchanged], [1, 1])
        XCTAssertEqual(try ids("Orkanböen"), [])
        XCTAssertEqual(try ids("Waldbrand"), ["o1"])
    }

    func testPruneIsSkippedWhenALineCannotBeRead() throws {
        let news = try write("news.jsonl", """
            {"id":"n1","title":"Sturm","text":"Orkanböen an der Küste."}
            {"id":"n2","title":"Brücke","text":"Die Brücke wird saniert."}

            """)
        try ingest([news])
        try write("news.jsonl", "{\"id\":\"n2\",\"title\":\"Brücke\",\"text\":\"Die Brücke wird saniert.\"}\n{kaputt\n")
        let report = try ingest([news], options: IngestOptions(prune: true))
        XCTAssertEqual(report.removed, 0)
        XCTAssertTrue(report.problems.contains { $0.reason.contains("not pruned") }, "\(report.problems)")
        XCTAssertEqual(try ids("Orkanböen"), ["n1"])
    }

    func testFullRebuildKeepsOnlyWhatItReadsAndSwitchesGeneration() throws {
        try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let other = try write("other.jsonl", "{\"id\":\"o1\",\"title\":\"Wald\",\"text\":\"Der Waldbrand ist gelöscht.\"}\n")
        try ingest([notes, other])
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(1))
        let report = try ingest([notes], options: IngestOptions(full: true))
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(2))
        XCTAssertEqual(try ids("Waldbrand"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations"), ["gen-2"])
        // And the rebuilt index knows its files: the next run changes nothing.
        XCTAssertEqual(try ingest([notes]).unchanged, 1)
    }

    func testFullRebuildMigratesAPlainDatabaseDirectory() throws {
        // An index made before generations: a database directory at PATH.
        let old = try IndexWriter(path: db)
        try old.add(SourceDocument(id: "alt", title: "Alt", text: "Die Buttermilch ist sauer."))
        try old.close()
        try write("notes/a.txt", "Brief\n\nDas Gipfelkreuz steht schief.\n")
        XCTAssertEqual(try IndexStore(path: db).layout(), .directory)
        // Incremental runs write into it as before.
        try ingest([notes])
        XCTAssertEqual(try IndexStore(path: db).layout(), .directory)
        XCTAssertEqual(try ids("Buttermilch"), ["alt"])
        try ingest([notes], options: IngestOptions(full: true))
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(1))
        XCTAssertEqual(try ids("Buttermilch"), [])
        XCTAssertEqual(try ids("Gipfelkreuz").count, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations"), ["gen-1"])
        // The old directory, swapped out and moved aside, is gone too.
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + ".stub.new"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + ".legacy"))
    }

    func testFullRebuildWithNothingReadableKeepsTheOldIndex() throws {
        try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try ingest([notes])
        let report = try ingest([directory.appendingPathComponent("missing").path], options: IngestOptions(full: true))
        XCTAssertTrue(report.nothingDone)
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(1))
        XCTAssertEqual(try ids("Buttermilch").count, 1)
    }

    func testCompactSwitchesToACompactedGenerationWithTheSameContents() throws {
        try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try write("notes/b.txt", "Notiz\n\nDas Gipfelkreuz steht schief.\n")
        try ingest([notes])
        let lock = try IndexLock(indexPath: db)
        let result = try IndexMaintenance.compact(IndexStore(path: db))
        lock.release()
        XCTAssertEqual(result.generation, 2)
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(2))
        XCTAssertEqual(try Searcher(path: db).passageCount, 2)
        XCTAssertEqual(try ids("Gipfelkreuz").count, 1)
        // The document states came along: nothing is indexed again.
        XCTAssertEqual(try ingest([notes]).unchanged, 2)
    }

    func testLeftoversOfACrashedRebuildAreRemovedByTheNextRun() throws {
        try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try ingest([notes])
        // What a --full killed half-way leaves: a generation never switched
        // in, and a stub never renamed into place.
        try FileManager.default.createDirectory(atPath: db + ".generations/gen-7", withIntermediateDirectories: true)
        try "junk".write(toFile: db + ".generations/gen-7/postlist.glass", atomically: false, encoding: .utf8)
        try "glass db.generations/gen-7\n".write(toFile: db + ".generations/stub.new", atomically: false, encoding: .utf8)
        try "glass db.generations/gen-7\n".write(toFile: db + ".stub.new", atomically: false, encoding: .utf8)
        try ingest([notes])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations"), ["gen-1"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: db + ".stub.new"))
        try ingest([notes], options: IngestOptions(full: true))
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(2))
    }

    func testStoredLexiconIsUsedWhenNoneIsGiven() throws {
        let lexicon = try write("lexicon.txt", "rakete\nstart\n")
        let file = try write("a.jsonl", "{\"id\":\"a\",\"title\":\"\",\"text\":\"Der Raketenstart gelang.\"}\n")
        let lock = try IndexLock(indexPath: db)
        _ = try Ingestor(store: IndexStore(path: db), lexiconURL: URL(fileURLWithPath: lexicon)).ingest([file])
        lock.release()
        // A later run without a lexicon (cron, elsewhere) still splits compounds.
        let b = try write("b.jsonl", "{\"id\":\"b\",\"title\":\"\",\"text\":\"Der Raketenstart misslang.\"}\n")
        let report = try ingest([b])
        XCTAssertFalse(report.withoutLexicon)
        XCTAssertTrue(try XCTUnwrap(try passage("b")).terms.contains("Pstart"))
    }

    func testSwitchInterruptedBetweenTwoRenamesIsFinishedByTheNextRun() throws {
        // Without renameat2, an old-layout directory is moved aside before
        // the stub goes in. A crash between the two: no index at PATH, and
        // a complete generation with its stub waiting beside it.
        // The stub waits beside PATH (it must be on PATH's file system);
        // versions before issue 15 left it in the generations folder.
        try write("notes/a.txt", "Brief\n\nDas Gipfelkreuz steht schief.\n")
        try ingest([notes])
        try ingest([notes], options: IngestOptions(full: true))
        XCTAssertEqual(try IndexStore(path: db).layout(), .generation(2))
        for pending in [db + ".stub.new", db + ".generations/stub.new"] {
            try FileManager.default.moveItem(atPath: db, toPath: pending)
            XCTAssertEqual(try IndexStore(path: db).layout(), .missing)
            let report = try ingest([notes])
            XCTAssertEqual(report.unchanged, 1, "the run found the switched-in generation, not an empty index")
            XCTAssertEqual(try IndexStore(path: db).layout(), .generation(2))
            XCTAssertEqual(try ids("Gipfelkreuz").count, 1)
        }
    }
}
