import FundusCore
import XCTest

/// kill -9 at any moment of an ingest: the index still opens, searches and
/// passes Xapian's check, and the next run finishes the job with no manual
/// step (issue 5).
final class IngestCrashTests: CLITestCase {
    func testKillNineAtAnyMomentLeavesAWorkingIndexAndTheNextRunFinishes() throws {
        let documents = 3000
        let corpus = try generatedCorpus("g.jsonl", count: documents)
        let seed = try write("seed.jsonl", "{\"id\":\"seed\",\"title\":\"Start\",\"text\":\"Der Bahnhof ist neu.\"}\n")
        try ingest([seed])
        // Kill points spread over a run (incremental, --full, and ingest
        // followed by --compact): early start-up, mid-indexing, the commit,
        // the switch and the clean-up of old generations.
        let delays = [0.02, 0.15, 0.4, 0.8, 1.2, 1.7, 2.3, 3.0, 3.8, 4.8]
        let modes: [[String]] = [[], ["--full"], ["--compact"]]
        for (i, delay) in delays.enumerated() {
            let mode = modes[i % modes.count]
            let run = try startIngest(mode + [seed, corpus])
            Thread.sleep(forTimeInterval: delay)
            run.killHard()
            let found = try search(["--format", "jsonl", "--limit", "1", "Bahnhof"])
            XCTAssertTrue(found.status == 0 || found.status == 1,
                          "after kill \(i + 1) (\(mode), \(delay) s): search exited \(found.status): \(found.stderr)")
            XCTAssertEqual(found.stderr, "", "after kill \(i + 1)")
            let check = try CLI.run("fundus-ingest", ["--db", db, "--check"])
            XCTAssertEqual(check.status, 0, "after kill \(i + 1) (\(mode), \(delay) s): \(check.stdout) \(check.stderr)")
        }
        // The next run, with no manual step, completes.
        let final = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon, "--summary", seed, corpus])
        XCTAssertEqual(final.status, 0, final.stderr)
        XCTAssertTrue(final.stderr.contains(" 0 failed"), final.stderr)
        let searcher = try Searcher(path: db)
        XCTAssertEqual(try searcher.count("Meldung"), documents)
        XCTAssertEqual(try searcher.count("Bahnhof"), documents + 1)
        // Exactly the passages of a clean build: nothing lost, nothing doubled.
        let clean = directory.appendingPathComponent("clean").path
        let reference = try CLI.run("fundus-ingest", ["--db", clean, "--lexicon", CLITestCase.smallLexicon, seed, corpus])
        XCTAssertEqual(reference.status, 0, reference.stderr)
        XCTAssertEqual(try searcher.passageCount, try Searcher(path: clean).passageCount)
        // Nothing left over from the killed runs.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations").count, 1)
    }
}
