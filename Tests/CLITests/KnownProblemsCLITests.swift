import XCTest

/// A file that stays broken is reported once per change, not on every run
/// (issue 16): cron mails once, the summary and the log keep saying it.
final class KnownProblemsCLITests: CLITestCase {
    func testABrokenFileIsReportedOncePerChange() throws {
        _ = try write("notizen/gut.txt", "Einkauf\n\nBrot und Käse holen.\n")
        let broken = directory.appendingPathComponent("notizen/kaputt.txt")
        try Data([0x4B, 0x00, 0x01, 0x02]).write(to: broken)
        let folder = directory.appendingPathComponent("notizen").path
        let log = directory.appendingPathComponent("ingest.log").path

        let first = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon, "--log", log, folder])
        XCTAssertEqual(first.status, 1)
        XCTAssertTrue(first.stderr.contains("skipped \(broken.path): binary file"), first.stderr)

        // Unchanged: nothing on stderr, exit 0; the summary and the log still say it.
        let second = try CLI.run("fundus-ingest", ["--db", db, "--log", log, folder])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stderr, "")
        let summary = try CLI.run("fundus-ingest", ["--db", db, "--summary", folder])
        XCTAssertEqual(summary.status, 0)
        XCTAssertTrue(summary.stderr.contains("1 failed (1 as before)"), summary.stderr)
        let verbose = try CLI.run("fundus-ingest", ["--db", db, "--verbose", folder])
        XCTAssertTrue(verbose.stderr.contains("skipped (as before) \(broken.path): binary file"), verbose.stderr)
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(logged.contains("skipped (as before) \(broken.path)"), logged)

        // A rebuild remembers it too.
        let full = try CLI.run("fundus-ingest", ["--db", db, "--full", folder])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertEqual(full.stderr, "")

        // Changed (still broken): reported again, once.
        try Data([0x4B, 0x00, 0x01, 0x02, 0x03]).write(to: broken)
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, folder]).status, 1)
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, folder]).status, 0)

        // Mended, then broken the same way as at first: a new problem again.
        try "Notiz\n\nJetzt lesbar.\n".write(to: broken, atomically: false, encoding: .utf8)
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, folder]).status, 0)
        try Data([0x4B, 0x00, 0x01, 0x02]).write(to: broken)
        let again = try CLI.run("fundus-ingest", ["--db", db, folder])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("binary file"), again.stderr)
    }

    func testABadLineOfAnUnchangedFeedIsReportedOnce() throws {
        let feed = try write("feed.jsonl", #"{"id":"a","text":"Der Deich hält."}"# + "\n" + #"{"id":"b"}"# + "\n")
        let first = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon, feed])
        XCTAssertEqual(first.status, 1)
        XCTAssertTrue(first.stderr.contains("\(feed):2:"), first.stderr)
        let second = try CLI.run("fundus-ingest", ["--db", db, feed])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stderr, "")
        // Standard input has no file to compare: always reported.
        let stdin = #"{"id":"c","text":"Die Flut kommt."}"# + "\n" + #"{"id":"d"}"# + "\n"
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, "-"], stdin: stdin).status, 1)
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, "-"], stdin: stdin).status, 1)
    }
}
