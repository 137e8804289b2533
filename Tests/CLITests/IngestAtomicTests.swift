import FundusCore
import XCTest

/// Searches running while an ingest writes see the old index or the new
/// one, never a mix and never an error (issue 5).
final class IngestAtomicTests: CLITestCase {
    let documents = 1500

    /// Runs fundus-search over and over while `ingest` runs, and once more
    /// after it ends. Every search must find hits and print nothing on stderr.
    func searchWhile(_ ingest: RunningIngest, query: String = "Bahnhof") throws -> Int {
        var searches = 0
        repeat {
            let result = try search(["--format", "jsonl", "--limit", "1", query])
            XCTAssertEqual(result.status, 0, "search \(searches + 1) failed: \(result.stderr)")
            XCTAssertEqual(result.stderr, "")
            searches += 1
        } while ingest.isRunning
        return searches
    }

    func testSearchesDuringAFullRebuildNeverFail() throws {
        let corpus = try generatedCorpus("g.jsonl", count: documents)
        try ingest([corpus])
        let rebuild = try startIngest(["--full", corpus])
        let searches = try searchWhile(rebuild)
        let done = rebuild.finish()
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "glass db.generations/gen-2\n")
        XCTAssertGreaterThan(searches, 0)
    }

    func testSearchesDuringCompactNeverFail() throws {
        let corpus = try generatedCorpus("g.jsonl", count: documents)
        try ingest([corpus])
        let before = try Searcher(path: db).passageCount
        let compact = try startIngest(["--compact"])
        _ = try searchWhile(compact)
        let done = compact.finish()
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try Searcher(path: db).passageCount, before)
        // A search still holding generation 1 at the switch keeps it for the
        // next run to delete.
        try ingest([try write("n.jsonl", "{\"id\":\"n\",\"text\":\"Neu am Bahnhof.\"}\n")])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations"), ["gen-2"])
    }

    /// All documents change their marker word in one incremental run: a
    /// reader counts every document under the old word, or every one under
    /// the new word, and never some of each, even though Xapian writes
    /// changes to disk many times during the run.
    func testIncrementalRunIsSeenWholeOrNotAtAll() throws {
        let corpus = try generatedCorpus("g.jsonl", count: documents, word: "Altbestand")
        try ingest([corpus])
        _ = try generatedCorpus("g.jsonl", count: documents, word: "Neubestand")
        // Xapian writes its buffered changes out every 200 passages here
        // (instead of 10,000): inside the run's transaction, none of those
        // writes may become visible.
        let update = try startIngest([corpus], environment: ["XAPIAN_FLUSH_THRESHOLD": "200"])
        var seen = Set<[Int]>()
        repeat {
            let searcher = try Searcher(path: db)
            let counts = [try searcher.count("Altbestand"), try searcher.count("Neubestand")]
            XCTAssertTrue(counts == [documents, 0] || counts == [0, documents], "a mix: \(counts)")
            seen.insert(counts)
        } while update.isRunning
        let done = update.finish()
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual([try Searcher(path: db).count("Altbestand"), try Searcher(path: db).count("Neubestand")],
                       [0, documents])
    }

    /// A searcher opened before a rebuild keeps answering after the switch:
    /// one that keeps its generation (a snapshot) from the old one, one that
    /// follows (the default) from the new one. (The old folder stays while a
    /// searcher holds it, and goes with a later run: `IndexReaderTests`.)
    func testOpenSearcherSurvivesTheSwitch() throws {
        let corpus = try generatedCorpus("g.jsonl", count: 50)
        try ingest([corpus])
        var snapshot = IndexSource.local(db)
        snapshot.followsGenerations = false
        let early = Searcher(reader: try IndexReader(source: snapshot))
        let following = try Searcher(path: db)
        XCTAssertEqual(try early.count("Bahnhof"), 50)
        XCTAssertEqual(try following.count("Bahnhof"), 50)
        let other = try generatedCorpus("h.jsonl", count: 10, word: "Zollamt")
        try ingest(["--full", other])
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "glass db.generations/gen-2\n")
        XCTAssertEqual(try early.count("Bahnhof"), 50)
        XCTAssertEqual(try following.count("Bahnhof"), 0)
        XCTAssertEqual(try following.count("Zollamt"), 10)
        XCTAssertEqual(try Searcher(path: db).count("Bahnhof"), 0)
        XCTAssertEqual(try Searcher(path: db).count("Zollamt"), 10)
    }
}
