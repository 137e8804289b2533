import XCTest

/// Both tools word their errors alike (issue 16): `tool: what: why`, one
/// line, exit 2; no guesses at unrelated options; numbers agree with nouns.
final class MessagesCLITests: CLITestCase {
    func testUsageErrorsAreOneLineInOneStyle() throws {
        let cases: [(tool: String, arguments: [String], message: String)] = [
            ("fundus-ingest", ["--bogus"], "fundus-ingest: unknown option '--bogus' (see --help)"),
            ("fundus-search", ["--bogus"], "fundus-search: unknown option '--bogus' (see --help)"),
            ("fundus-ingest", ["--wait", "-5", "--db", "idx", "a.jsonl"], "fundus-ingest: --wait must be 0 or more seconds"),
            ("fundus-ingest", ["--db", "/gibt/es/nicht/idx", "a.jsonl"],
             "fundus-ingest: index /gibt/es/nicht/idx: the folder /gibt/es/nicht does not exist (create it first)"),
            ("fundus-search", ["--queries", "/gibt/es/nicht.txt"],
             "fundus-search: cannot read queries file /gibt/es/nicht.txt: No such file or directory"),
        ]
        for (tool, arguments, message) in cases {
            let result = try CLI.run(tool, arguments, directory: directory)
            XCTAssertEqual(result.status, 2, "\(tool) \(arguments)")
            XCTAssertEqual(result.stderr, message + "\n", "\(tool) \(arguments)")
            XCTAssertEqual(result.stdout, "")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/gibt"), "no folder made for a mistyped path")
    }

    func testSummaryCountsAgreeWithTheirNouns() throws {
        let one = try ingest(["--summary", try write("eins.jsonl", #"{"id":"e","text":"Ein einziger Satz."}"# + "\n")])
        XCTAssertTrue(one.stderr.contains("; 1 passage written in "), one.stderr)
        let file = try write("q.txt", "Satz\n")
        let stats = try search(["--stats", "--color", "never", "--queries", file])
        XCTAssertTrue(stats.stdoutLines.last?.hasPrefix("1 query, 1 with hits, 1 hit, 0 errors, ") == true, stats.stdout)
    }
}
