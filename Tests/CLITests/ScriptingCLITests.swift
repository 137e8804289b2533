import FundusCore
import XCTest

/// fundus-search as scripts use it (issue 16): every query of a batch gets
/// an answer that ends, in every format; --format json is one document;
/// --stats has a summary in every format.
final class ScriptingCLITests: CLITestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let records = [
            #"{"id":"r1","title":"Raketenstart verschoben","text":"Der Start der Rakete wurde wegen Wind verschoben."}"#,
            #"{"id":"r2","title":"Wetterbericht","text":"Morgen gibt es Regen und kräftigen Wind an der Küste."}"#,
            #"{"id":"r3","title":"Waldbrand","text":"Satelliten sollen einen Waldbrand früh erkennen."}"#,
        ]
        try ingest([try write("meldungen.jsonl", records.joined(separator: "\n") + "\n")])
    }

    /// 50 queries: with hits, without (words the index lacks), and syntax errors.
    var queries: [String] {
        (0..<50).map { i in ["Rakete", "Wind", "Zwiebelkuchen\(i)", "(Rakete OR", "Satellit", "farbe:rot"][i % 6] }
    }

    func testEveryFormatEndsEveryAnswerOfAPipeline() throws {
        let file = try write("queries.txt", queries.joined(separator: "\n") + "\n")
        let checker = CLI.fixtures.appendingPathComponent("pipeline-check.py").path
        let program = CLI.productsDirectory.appendingPathComponent("fundus-search").path
        let result = try CLI.runShell("python3 '\(checker)' '\(program)' '\(db)' '\(file)'")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        for mode in ["text", "jsonl", "json", "tsv", "ids", "count"] {
            XCTAssertTrue(result.stdout.contains("\(mode) ok 50 queries"), result.stdout)
        }
    }

    /// The README's example script, run as it stands.
    func testExampleScriptAsksOneQueryAtATime() throws {
        let script = CLI.repositoryRoot.appendingPathComponent("Tools/examples/ask.py").path
        let result = try CLI.runShell("PATH='\(CLI.productsDirectory.path)':\"$PATH\" python3 '\(script)' --db '\(db)' "
                                      + "Rakete Zwiebelkuchen '(Rakete OR' Satellit")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdoutLines, [
            "Rakete: 1 hits, first r1",
            "Zwiebelkuchen: 0 hits",
            "(Rakete OR: error: query \"(Rakete OR\": missing ')' at column 11",
            "Satellit: 1 hits, first r3",
        ])
    }

    func testJSONLinesRecordsAreTyped() throws {
        let file = try write("queries.txt", "Rakete\nZwiebelkuchen\n(Rakete OR\n")
        let result = try search(["--format", "jsonl", "--stats", "--queries", file])
        let records = result.jsonLines()
        XCTAssertEqual(records.map { $0["type"] as? String }, ["hit", "end", "end", "end", "summary"])
        XCTAssertEqual(records[0]["id"] as? String, "r1")
        for field in ["qnum", "query", "rank", "title", "passage", "score", "snippet", "highlights", "source", "url", "date"] {
            XCTAssertNotNil(records[0][field], "hit record lacks \(field)")
        }
        XCTAssertEqual(records[1]["qnum"] as? Int, 1)
        XCTAssertEqual(records[1]["hits"] as? Int, 1)
        XCTAssertNil(records[1]["error"])
        XCTAssertEqual(records[2]["hits"] as? Int, 0)
        XCTAssertEqual(records[2]["query"] as? String, "Zwiebelkuchen")
        XCTAssertEqual(records[3]["qnum"] as? Int, 3)
        XCTAssertTrue((records[3]["error"] as? String ?? "").contains("missing ')'"), "\(records[3])")
        XCTAssertEqual((records[4]["summary"] as? [String: Any])?["queries"] as? Int, 3)
        // A single query ends with its end record too.
        let single = try search(["--format", "jsonl", "Zwiebelkuchen"]).jsonLines()
        XCTAssertEqual(single.map { $0["type"] as? String }, ["end"])
    }

    func testJSONOfABatchIsOneDocument() throws {
        let file = try write("queries.txt", "Rakete\nZwiebelkuchen\n(Rakete OR\n")
        for extra in [[], ["--stats"]] {
            let result = try search(["--format", "json", "--queries", file] + extra)
            let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            let answers = document?["queries"] as? [[String: Any]] ?? []
            XCTAssertEqual(answers.map { $0["qnum"] as? Int }, [1, 2, 3], result.stdout)
            XCTAssertEqual((answers.first?["hits"] as? [Any])?.count, 1)
            XCTAssertNotNil(answers.last?["error"])
            XCTAssertEqual(document?["summary"] == nil, extra.isEmpty, result.stdout)
        }
        // --stats on a single query: the same one document.
        let stats = try search(["--format", "json", "--stats", "Rakete"])
        let document = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((document?["queries"] as? [Any])?.count, 1, stats.stdout)
        XCTAssertEqual((document?["summary"] as? [String: Any])?["hits"] as? Int, 1)
        // A single query without --stats: its object, as before.
        let plain = try JSONSerialization.jsonObject(with: Data(try search(["--format", "json", "Rakete"]).stdout.utf8))
        XCTAssertEqual((plain as? [String: Any])?["qnum"] as? Int, 1)
    }

    func testStatsSummaryInEveryFormat() throws {
        let file = try write("queries.txt", "Rakete\nZwiebelkuchen\n")
        let text = try search(["--color", "never", "--stats", "--queries", file]).stdoutLines
        XCTAssertTrue(text.last?.hasPrefix("2 queries, 1 with hits, 1 hit, 0 errors, ") == true, "\(text)")
        XCTAssertTrue(text.contains("(query 2: 0 hits)"), "\(text)")
        let tsv = try search(["--format", "tsv", "--stats", "--queries", file]).stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(tsv.contains { $0.hasPrefix("# 2 queries, 1 with hits, 1 hit, 0 errors, ") }, "\(tsv)")
    }

    func testCountAndIdsGiveEveryQueryOfABatchItsAnswer() throws {
        let file = try write("queries.txt", "Rakete\nZwiebelkuchen\n(Rakete OR\nWind\n")
        let count = try search(["--count", "--queries", file])
        XCTAssertEqual(count.stdout, "1\tRakete\n0\tZwiebelkuchen\nerror\t(Rakete OR\n2\tWind\n")
        let ids = try search(["--ids", "--queries", file])
        // One group of ids per query, each ended by an empty line.
        var groups: [[String]] = [[]]
        for line in ids.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.isEmpty { groups.append([]) } else { groups[groups.count - 1].append(String(line)) }
        }
        XCTAssertEqual(groups.dropLast().map { Set($0) }, [["r1"], [], [], ["r1", "r2"]], ids.stdout)
        let jsonCount = try search(["--count", "--format", "json", "--queries", file])
        let document = try JSONSerialization.jsonObject(with: Data(jsonCount.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((document?["queries"] as? [[String: Any]])?.map { $0["count"] as? Int }, [1, 0, nil, 2])
    }

    /// "Meinten Sie" only for a query that matched nothing: not for a page past
    /// its last hit, not for --limit 0, not for a word found by its stem.
    func testNoSuggestionForAQueryThatMatched() throws {
        for options in [["--offset", "5"], ["--limit", "0"], []] {
            let result = try search(options + ["Raketen"])
            XCTAssertFalse(result.stderr.contains("Meinten Sie"), "\(options): \(result.stderr)")
            let json = try search(["--format", "json"] + options + ["Raketen"]).jsonLines()
            XCTAssertTrue(json.first?["suggestion"] is NSNull, "\(options): \(json)")
        }
        let miss = try search(["--no-typos", "Waldbrnd"])
        XCTAssertEqual(miss.status, 1)
        XCTAssertTrue(miss.stderr.contains("Meinten Sie: Waldbrand"), miss.stderr)
    }

    /// In a batch, --ids says which query each id belongs to wherever the
    /// format has room: TSV rows start with the query's number, JSON Lines
    /// has id and end records, JSON one object per query.
    func testIdsOfABatchSayTheirQueryInEveryFormat() throws {
        let queries = "Raketen\nxyzzyq\n(kaputt\n"
        let text = try search(["--ids", "--queries", "-"], stdin: queries)
        XCTAssertEqual(text.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.isEmpty }.count, 4)
        let tsv = try search(["--ids", "--format", "tsv", "--queries", "-"], stdin: queries)
        let rows = tsv.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(rows.filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("1\t") }, tsv.stdout)
        XCTAssertEqual(rows.filter(\.isEmpty).count, 4, tsv.stdout)  // three ends, and the last line break
        let jsonl = try search(["--ids", "--format", "jsonl", "--queries", "-"], stdin: queries).jsonLines()
        XCTAssertFalse(jsonl.filter { $0["type"] as? String == "id" }.isEmpty)
        XCTAssertTrue(jsonl.filter { $0["type"] as? String == "id" }.allSatisfy { $0["qnum"] as? Int == 1 })
        XCTAssertEqual(jsonl.filter { $0["type"] as? String == "end" }.compactMap { $0["qnum"] as? Int }, [1, 2, 3])
        let json = try search(["--ids", "--format", "json", "--queries", "-"], stdin: queries)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let answers = try XCTUnwrap(document?["queries"] as? [[String: Any]])
        XCTAssertEqual(answers.count, 3)
        XCTAssertFalse((answers[0]["ids"] as? [String] ?? []).isEmpty)
        XCTAssertEqual((answers[1]["ids"] as? [String])?.count, 0)
        XCTAssertNotNil(answers[2]["error"])
    }

    func testNullSeparatedIdsSurviveXargs() throws {
        _ = try write("Meine Notizen/miete 2024.txt", "Miete\n\nDie Miete für die Wohnung steigt im März.\n")
        _ = try write("Meine Notizen/zeile\numbruch.txt", "Hausrat\n\nDie Miete der Garage ist bezahlt.\n")
        try ingest([directory.appendingPathComponent("Meine Notizen").path])
        let program = CLI.productsDirectory.appendingPathComponent("fundus-search").path
        // xargs opens each file by the id it got: both names must arrive whole.
        let result = try CLI.runShell("'\(program)' --db '\(db)' --ids --null Miete | xargs -0 cat")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Die Miete für die Wohnung steigt im März."), result.stdout)
        XCTAssertTrue(result.stdout.contains("Die Miete der Garage ist bezahlt."), result.stdout)
        let batch = try search(["--ids", "--null", "--queries", "-"], stdin: "Miete\nZwiebelkuchen\n")
        XCTAssertEqual(batch.stdout.split(separator: "\0", omittingEmptySubsequences: false).count, 2 + 1 + 1 + 1, batch.stdout)
        XCTAssertEqual(try search(["--null", "Miete"]).status, 2, "--null without --ids")
    }

    /// `A -B`, `A NOT B`, `A AND NOT B`: a document shown never holds B in any
    /// passage. `A AND B`, `+A +B`: a document that holds both, in one passage
    /// or in two, matches.
    func testExclusionAndConjunctionHoldForWholeDocuments() throws {
        let records = [
            // Hafen in one paragraph, Sturm in another.
            #"{"id":"zwei-absaetze","title":"Hafenbericht","text":"Im Hafen lagen sieben Kutter.\n\nAm Abend kam ein Sturm auf."}"#,
            #"{"id":"nur-hafen","title":"Hafenfest","text":"Der Hafen feiert sein Jubiläum mit Musik."}"#,
            #"{"id":"beides","title":"Unwetter","text":"Der Sturm trieb die Boote in den Hafen."}"#,
        ]
        let db2 = directory.appendingPathComponent("whole").path
        let input = try write("whole.jsonl", records.joined(separator: "\n") + "\n")
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db2, "--lexicon", CLITestCase.smallLexicon, input]).status, 0)
        func ids(_ query: String) throws -> Set<String> {
            Set(try CLI.run("fundus-search", ["--db", db2, "--ids", "--", query]).stdoutLines)
        }
        for query in ["Hafen -Sturm", "Hafen NOT Sturm", "Hafen AND NOT Sturm", "+Hafen -Sturm", "NOT Sturm"] {
            XCTAssertEqual(try ids(query), ["nur-hafen"], query)
        }
        for query in ["Hafen AND Sturm", "+Hafen +Sturm", "Sturm AND Hafen AND Kutter"] {
            let expected: Set<String> = query.contains("Kutter") ? ["zwei-absaetze"] : ["zwei-absaetze", "beides"]
            XCTAssertEqual(try ids(query), expected, query)
            let counted = try CLI.run("fundus-search", ["--db", db2, "--count", "--", query]).stdout
            XCTAssertEqual(counted, "\(expected.count)\n", query)
        }
        // The passage shown is the one holding both words, where there is one.
        let best = try CLI.run("fundus-search", ["--db", db2, "--format", "jsonl", "--", "Hafen AND Sturm"]).hitRecords()
        XCTAssertEqual(best.first?["id"] as? String, "beides")
        // The number of such conditions is bounded: each is a pass over its matches.
        let many = (1...9).map { "+Wort\($0)" }.joined(separator: " ")
        let refused = try CLI.run("fundus-search", ["--db", db2, "--", many])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("too many AND, + and NOT conditions"), refused.stderr)
    }
}
