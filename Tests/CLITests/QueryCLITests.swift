import XCTest

/// Each operator of the query language, through the built binary.
final class QueryCLITests: CLITestCase {
    let news = """
        {"id":"a","title":"Raketenstart in Pjöngjang","text":"Nordkorea hat zwei Raketen gestartet. Die Raketen flogen weit über das Meer.","date":"2023-03-10","source":"Nordpost"}
        {"id":"b","title":"Neue Brücke","text":"Der Stadtrat beschloss den Bau der neuen Brücke über die Mulde. Der Start der Arbeiten ist im Mai.","date":"2024-05-02","source":"Stadtblatt"}
        {"id":"c","title":"Wetterbericht","text":"Am Wochenende bleibt es trocken. Der Start in die Woche wird sonnig, Raketen sind keine zu sehen.","date":"2023-11-20","source":"Stadtblatt"}
        {"id":"news/1 spezial","title":"Satelliten","text":"Ein neuer Satellit beobachtet Waldbrände aus dem All.","source":"Die Zeit"}

        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        try ingest([try write("news.jsonl", news)])
    }

    func ids(_ query: String, _ extra: [String] = []) throws -> [String] {
        let result = try search(["--format", "jsonl", "--limit", "20"] + extra + [query])
        XCTAssertTrue(result.status == 0 || result.status == 1, "\(query): \(result.stderr)")
        return result.hitRecords().compactMap { $0["id"] as? String }
    }

    func testWordsSideBySideRankDocumentsWithAllFirst() throws {
        XCTAssertEqual(try ids("Raketen Start").first, "c")  // both words in one passage
        XCTAssertEqual(Set(try ids("Raketen Start")), ["a", "b", "c"])  // then any word
    }

    func testBooleanOperators() throws {
        XCTAssertEqual(Set(try ids("Raketen AND Meer")), ["a"])
        XCTAssertEqual(Set(try ids("Brücke OR Satellit")), ["b", "news/1 spezial"])
        XCTAssertEqual(Set(try ids("Raketen NOT Wochenende")), ["a"])
        XCTAssertEqual(Set(try ids("Raketen AND NOT Wochenende")), ["a"])
        XCTAssertEqual(Set(try ids("+Start -Brücke")), ["c"])
    }

    func testPhraseAndNear() throws {
        XCTAssertEqual(try ids("\"zwei Raketen\""), ["a"])
        XCTAssertEqual(try ids("\"Raketen zwei\""), [])
        // The order is checked on stems, yet each word must stand as typed.
        XCTAssertEqual(try ids("\"zwei Rakete\""), [])
        XCTAssertEqual(try ids("\"die Raketen flogen\""), ["a"])  // a stopword counts
        XCTAssertEqual(try ids("\"die Raketen gestartet\""), [])
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "\"Raketen flogen\""]).hitRecords().first)
        XCTAssertEqual(highlightedWords(hit), ["Raketen", "flogen"])
        XCTAssertEqual(try ids("Stadtrat NEAR/3 Bau"), ["b"])
        XCTAssertEqual(try ids("Stadtrat NEAR/1 Mulde"), [])
        XCTAssertEqual(try ids("Stadtrat ADJ/6 Brücke"), ["b"])
        XCTAssertEqual(try ids("Brücke ADJ/6 Stadtrat"), [])
    }

    func testWildcard() throws {
        XCTAssertEqual(Set(try ids("Satell*")), ["news/1 spezial"])
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Wald*"]).hitRecords().first)
        XCTAssertEqual(highlightedWords(hit), ["Waldbrände"])
    }

    func testFieldsAndFilters() throws {
        XCTAssertEqual(try ids("title:Brücke"), ["b"])
        XCTAssertEqual(try ids("title:Rakete"), ["a"])  // "Raketenstart": a compound in the title
        XCTAssertEqual(Set(try ids("Start source:Stadtblatt")), ["b", "c"])
        XCTAssertEqual(try ids("source:\"Die Zeit\" Satellit"), ["news/1 spezial"])
        XCTAssertEqual(try ids("id:\"news/1 spezial\""), ["news/1 spezial"])
        XCTAssertEqual(try ids("Raketen id:c"), ["c"])
    }

    func testDateRangesAndSortByDate() throws {
        XCTAssertEqual(Set(try ids("Start date:2023")), ["c"])
        XCTAssertEqual(Set(try ids("Start date:2024-01-01..2024-12-31")), ["b"])
        XCTAssertEqual(Set(try ids("Raketen date:..2023-06-30")), ["a"])
        XCTAssertEqual(try ids("Start OR Raketen", ["--sort", "date"]), ["b", "c", "a"])
    }

    func testMalformedQueriesExitTwoAndPointAtTheProblem() throws {
        for (query, fragment) in [("(Rakete OR", "missing ')'"), ("\"Rakete", "unterminated"), ("farbe:rot", "unknown field"),
                                  ("date:2023-13-01", "2023-13-01")] {
            let result = try search([query])
            XCTAssertEqual(result.status, 2, query)
            XCTAssertEqual(result.stdout, "", query)
            XCTAssertTrue(result.stderr.contains(fragment), "\(query): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("column"), "\(query): \(result.stderr)")
        }
    }

    func testCountAndIds() throws {
        let count = try search(["--count", "Raketen"])
        XCTAssertEqual(count.status, 0)
        XCTAssertEqual(count.stdout, "2\n")
        XCTAssertEqual(try search(["--count", "Vulkan"]).status, 1)
        let ids = try search(["--ids", "Stadtblatt OR Start"])
        XCTAssertEqual(Set(ids.stdoutLines), ["b", "c"])
        let batch = try search(["--count", "--format", "jsonl", "--queries", "-"], stdin: "Raketen\nBrücke\n")
        XCTAssertEqual(batch.jsonLines().map { $0["count"] as? Int }, [2, 1])
    }

    func testLimitAndOffsetPage() throws {
        let all = try ids("Start OR Raketen OR Satellit")
        XCTAssertEqual(all.count, 4)
        XCTAssertEqual(try ids("Start OR Raketen OR Satellit", ["--limit", "2"]), Array(all.prefix(2)))
        let page = try search(["--format", "jsonl", "--limit", "2", "--offset", "2", "Start OR Raketen OR Satellit"]).hitRecords()
        XCTAssertEqual(page.compactMap { $0["id"] as? String }, Array(all.suffix(2)))
        XCTAssertEqual(page.compactMap { $0["rank"] as? Int }, [3, 4])
    }

    func testSpellingSuggestion() throws {
        let result = try search(["--no-typos", "Satelit"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Meinten Sie: Satellit"), result.stderr)
        let json = try search(["--format", "json", "--no-typos", "Satelit"]).jsonLines()
        XCTAssertEqual(json.first?["suggestion"] as? String, "Satellit")
    }

    /// A word that left the index with its documents is no longer suggested.
    func testSpellingForgetsWordsOfChangedAndRemovedDocuments() throws {
        XCTAssertTrue(try search(["--no-typos", "Stadtrta"]).stderr.contains("Meinten Sie: Stadtrat"))
        let lines = news.split(separator: "\n").map(String.init)
        let changed = lines.map { line in
            line.contains("news/1 spezial") ? #"{"id":"news/1 spezial","title":"Teleskop","text":"Ein neues Teleskop sieht weit ins All."}"# : line
        }
        try ingest(["--prune", try write("news.jsonl", (changed.filter { !$0.contains(#""id":"b""#) }).joined(separator: "\n") + "\n")])
        XCTAssertEqual(try ids("Teleskop"), ["news/1 spezial"])
        XCTAssertEqual(try ids("Stadtrat"), [])
        for (typo, gone) in [("Satelit", "Satellit"), ("Stadtrta", "Stadtrat")] {
            let result = try search([typo])
            XCTAssertEqual(result.status, 1, typo)
            XCTAssertFalse(result.stderr.contains(gone), "\(typo): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Meinten Sie: \(gone)"), "\(typo): \(result.stderr)")
        }
    }

    func testExplainShowsQueryAndTermWeights() throws {
        let result = try search(["--explain", "--color", "never", "Raketen"])
        XCTAssertTrue(result.stdout.contains("query: Query("), result.stdout)
        XCTAssertTrue(result.stdout.contains("terms: Zraket="), result.stdout)
        let hit = try XCTUnwrap(try search(["--explain", "--format", "jsonl", "Raketen"]).hitRecords().first)
        XCTAssertNotNil(hit["parsed"] as? String)
        let terms = (hit["explain"] as? [String: Any])?["terms"] as? [[Any]]
        XCTAssertTrue(terms?.contains { $0.first as? String == "Zraket" } ?? false, "\(terms ?? [])")
    }

    func testExplainShowsHowTheReRankingMadeEachScore() throws {
        let text = try search(["--explain", "--color", "never", "Raketen Meer"]).stdout
        XCTAssertTrue(text.contains("score: passage "), text)
        XCTAssertTrue(text.contains(" × words "), text)
        let hits = try search(["--explain", "--format", "jsonl", "Raketen Meer"]).hitRecords()
        let first = try XCTUnwrap(hits.first)
        XCTAssertEqual(first["id"] as? String, "a")  // the only document with both words
        let rerank = try XCTUnwrap((first["explain"] as? [String: Any])?["rerank"] as? [String: Double])
        let product = try ["passage", "length", "passages", "title", "words"].map { try XCTUnwrap(rerank[$0]) }.reduce(1, *)
        XCTAssertEqual(first["score"] as? Double ?? 0, product, accuracy: 0.001)
        // (1 + 3 × both words in the document) × (1 + 0.5 × both in its best passage)
        XCTAssertEqual(rerank["words"] ?? 0, 6, accuracy: 0.001)
        // Scores read in rank order, highest first.
        let scores = hits.compactMap { $0["score"] as? Double }
        XCTAssertEqual(scores, scores.sorted(by: >))
    }

    func testQuestionIgnoresStopwords() throws {
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Wann wurde die Brücke beschlossen?"]).hitRecords().first)
        XCTAssertEqual(hit["id"] as? String, "b")
        XCTAssertEqual(Set(highlightedWords(hit)), ["Brücke", "beschloss"])
    }
}
