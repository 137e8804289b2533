import FundusCore
import XCTest

/// Searchers and generation switches: a reader that stalls between reading
/// the stub and opening the tables still answers, and a generation a reader
/// holds is deleted only once none does (issue 15, point 11).
final class IndexReaderTests: CLITestCase {
    let fm = FileManager.default

    func generations() -> [String] { ((try? fm.contentsOfDirectory(atPath: db + ".generations")) ?? []).sorted() }

    /// The search reads the stub, then waits (test hook) while --compact
    /// switches to generation 2 and deletes generation 1; it must still
    /// answer, from generation 2, with nothing on stderr.
    func testReaderStalledAfterReadingTheStubAnswersThroughACompaction() throws {
        let corpus = try generatedCorpus("g.jsonl", count: 200)
        try ingest([corpus])
        let fifo = directory.appendingPathComponent("pause").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        final class Box: @unchecked Sendable { var result: CommandResult? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let dbPath = db
        DispatchQueue.global().async {
            box.result = try? CLI.run("fundus-search", ["--db", dbPath, "--count", "Bahnhof"],
                                      environment: ["FUNDUS_TEST_PAUSE_AFTER_STUB": fifo])
            done.signal()
        }
        // The reader has read the stub once it opens the FIFO (which lets a
        // writer open it without blocking).
        var writer: Int32 = -1
        let deadline = Date().addingTimeInterval(30)
        while writer < 0 && Date() < deadline {
            writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(10_000) }
        }
        XCTAssertGreaterThanOrEqual(writer, 0, "the search never paused after reading the stub")
        let compact = try CLI.run("fundus-ingest", ["--db", db, "--compact"])
        XCTAssertEqual(compact.status, 0, compact.stderr)
        XCTAssertEqual(generations(), ["gen-2"], "nobody held generation 1, so it is gone")
        if writer >= 0 { close(writer) }
        done.wait()
        let result = try XCTUnwrap(box.result)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout, "200\n")
    }

    /// A searcher holds the generation it opened: a switch leaves it in
    /// place, and a searcher that keeps it (a snapshot) answers from it; the
    /// first run after the searcher is gone deletes it. A searcher that
    /// follows (the default) moves to the new generation at its next query
    /// and lets the old one go.
    func testHeldGenerationIsDeletedOnlyOnceNoReaderHoldsIt() throws {
        let corpus = try generatedCorpus("g.jsonl", count: 50)
        try ingest([corpus])
        var snapshot = IndexSource.local(db)
        snapshot.followsGenerations = false
        var early: Searcher? = Searcher(reader: try IndexReader(source: snapshot))
        var following: Searcher? = try Searcher(path: db)
        XCTAssertEqual(try early?.count("Bahnhof"), 50)
        XCTAssertEqual(try following?.count("Bahnhof"), 50)
        let other = try generatedCorpus("h.jsonl", count: 10, word: "Zollamt")
        try ingest(["--full", other])
        XCTAssertEqual(generations(), ["gen-1", "gen-2"], "a generation a reader holds was deleted")
        XCTAssertEqual(try early?.count("Bahnhof"), 50)
        XCTAssertEqual(try early?.count("Zollamt"), 0)
        XCTAssertEqual(try following?.count("Bahnhof"), 0, "the following searcher stayed on generation 1")
        XCTAssertEqual(try following?.count("Zollamt"), 10)
        XCTAssertEqual(try Searcher(path: db).count("Zollamt"), 10)
        following = nil
        try ingest(["--compact"])
        XCTAssertEqual(generations(), ["gen-1", "gen-3"], "still held: only generation 2 went")
        early = nil
        try ingest([try write("n.jsonl", "{\"id\":\"n\",\"text\":\"Das Zollamt schließt.\"}\n")])
        XCTAssertEqual(generations(), ["gen-3"])
        XCTAssertEqual(try Searcher(path: db).count("Zollamt"), 11)
    }

    /// The same for an index made before generations (a database folder at
    /// PATH): the first --full swaps the folder out for a stub; a searcher
    /// holding the folder keeps it, and a later run deletes it.
    func testHeldOldLayoutFolderIsDeletedOnlyOnceNoReaderHoldsIt() throws {
        let old = try IndexWriter(path: db)
        for i in 0..<20 {
            _ = try old.add(SourceDocument(id: "alt\(i)", title: "Alt", text: "Der alte Bahnhof Nummer \(i)."))
        }
        try old.close()
        var snapshot = IndexSource.local(db)
        snapshot.followsGenerations = false
        var early: Searcher? = Searcher(reader: try IndexReader(source: snapshot))
        XCTAssertEqual(try early?.count("Bahnhof"), 20)
        try ingest(["--full", try generatedCorpus("h.jsonl", count: 10, word: "Zollamt")])
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "glass db.generations/gen-1\n")
        XCTAssertTrue(fm.fileExists(atPath: db + ".legacy/iamglass"), "the held old folder was deleted")
        // Not in the way of the next switch.
        try ingest(["--compact"])
        XCTAssertTrue(fm.fileExists(atPath: db + ".legacy/iamglass"))
        XCTAssertEqual(try early?.count("Bahnhof"), 20)
        XCTAssertEqual(try Searcher(path: db).count("Zollamt"), 10)
        early = nil
        try ingest([try write("n.jsonl", "{\"id\":\"n\",\"text\":\"Das Zollamt schließt.\"}\n")])
        XCTAssertFalse(fm.fileExists(atPath: db + ".legacy"))
        XCTAssertFalse(fm.fileExists(atPath: db + ".stub.new"))
        XCTAssertEqual(generations(), ["gen-2"])
    }
}
