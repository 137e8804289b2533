import Foundation
import XCTest

/// German analysis end to end: Tests/Fixtures/analysis.jsonl is ingested by the
/// built `fundus-ingest` (once for the class) and every requirement is checked
/// through what `fundus-search --format jsonl` prints: ids, ranks, passage
/// numbers, the highlighted words cut out of the snippet, and exit codes.
/// Tests/Fixtures/README.md lists which record holds which word.
final class AnalysisCLITests: CLITestCase {
    nonisolated(unsafe) private static var sharedDirectory: URL?
    nonisolated(unsafe) private static var ingestResult: CommandResult?
    /// Hits of the default-option queries, from one `--queries` batch.
    nonisolated(unsafe) private static var batchHits: [String: [[String: Any]]] = [:]
    nonisolated(unsafe) private static var batchErrors: [String: String] = [:]
    nonisolated(unsafe) private static var batchResult: CommandResult?

    /// Every query below that runs without options and is expected to match.
    /// They run in one `--queries` process in `setUp()`, which keeps the suite
    /// fast in a debug build; a query
    /// missing here, one with options, and one expected to match nothing run
    /// on their own, exit code included.
    private static let batchedQueries = [
        "Rakete", "Raketen", "Satellit", "Munition", "Sprecher", "Flüchtling", "Fluechtling",
        "Panzerabwehr", "Spionage", "Artillerie", "Präsidialamt", "Krise", "Fluechtlingskrise", "Kurzstreckenraketen",
        "Suedkorea", "Südkorea", "Pjoengjang", "Pjöngjang", "Strasse", "Straße", "heissen", "heißen",
        "\"Strasse\"", "\"Straße\"", "\"heissen\"", "\"Suedkorea\"", "\"neue Strasse\"", "\"Pjoengjang Gespraeche\"",
        "„Regierung von Suedkorea“",
        "Atom-U-Boote", "\"Atom-U-Boote\"", "Atom", "Boote", "Boot", "U-Boot", "U-Boote",
        "\"Kreml Sprecher\"", "\"Kreml-Sprecher\"", "Kreml-Sprecher",
        "Wann wurden die Raketen gestartet?", "Wie soll die neue Straße im Neubaugebiet heißen?",
        "\"neue Straße im Neubaugebiet\"", "\"Regierung von Südkorea\"", "\"die Regierung\"",
        "Gezeitenkalender", "Nipptide", "Gutachten", "Nebelhorn", "Hafenmeisterin",
    ]

    /// Every test searches the one index built in `setUp()` below.
    override var db: String {
        (Self.sharedDirectory ?? directory).appendingPathComponent("db").path
    }

    override class func setUp() {
        super.setUp()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-analysis-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        sharedDirectory = dir
        let db = dir.appendingPathComponent("db").path
        var args = ["--db", db]
        if let lexicon = CLI.lexicon { args += ["--lexicon", lexicon] }
        args.append(CLI.fixtures.appendingPathComponent("analysis.jsonl").path)
        ingestResult = try? CLI.run("fundus-ingest", args)

        let file = dir.appendingPathComponent("queries.txt")
        try? (batchedQueries.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        batchResult = try? CLI.run("fundus-search", ["--db", db, "--format", "jsonl", "--queries", file.path])
        for query in batchedQueries { batchHits[query] = [] }
        for line in batchResult?.stdoutLines ?? [] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let qnum = object["qnum"] as? Int, qnum >= 1, qnum <= batchedQueries.count
            else { continue }
            let query = batchedQueries[qnum - 1]
            if let error = object["error"] as? String {
                batchErrors[query] = error
            } else if object["id"] != nil {
                batchHits[query]!.append(object)  // not a `"hits":0` line with a suggestion
            }
        }
    }

    override class func tearDown() {
        if let dir = sharedDirectory { try? FileManager.default.removeItem(at: dir) }
        sharedDirectory = nil
        super.tearDown()
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertNotNil(CLI.lexicon, "Index/lexicon/de.txt is missing: run Tools/build-lexicon")
        let ingest = try XCTUnwrap(Self.ingestResult, "fundus-ingest could not be run")
        XCTAssertEqual(ingest.status, 0, "ingest of analysis.jsonl failed: \(ingest.stderr)")
        let batch = try XCTUnwrap(Self.batchResult, "fundus-search --queries could not be run")
        XCTAssertEqual(batch.status, 0, "batch search failed: \(batch.stderr)")
    }

    // MARK: - Helpers

    /// The hits of one query with `--format jsonl`: from the batch when it is
    /// there, else from a run of its own whose exit code is checked.
    func hits(_ query: String, _ options: [String] = [], status expected: Int32 = 0,
              file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        if options.isEmpty, expected == 0, let cached = Self.batchHits[query] {
            XCTAssertNil(Self.batchErrors[query], "\(query): \(Self.batchErrors[query] ?? "")", file: file, line: line)
            XCTAssertFalse(cached.isEmpty, "\(query) matched nothing (exit code would be 1)", file: file, line: line)
            return cached
        }
        let result = try search(["--format", "jsonl"] + options + [query])
        XCTAssertEqual(result.status, expected, "exit code of \(query): stdout \(result.stdout) stderr \(result.stderr)",
                       file: file, line: line)
        // Hits, then the query's `end` record (with `"hits":0` when nothing matched).
        let lines = result.jsonLines(file: file, line: line).filter { $0["type"] as? String != "end" }
        XCTAssertEqual(result.jsonLines(file: file, line: line).last?["type"] as? String, "end", file: file, line: line)
        let found = lines.filter { $0["id"] != nil }
        if expected == 1 {
            XCTAssertEqual(found.count, 0, "no match must print no hit: \(result.stdout)", file: file, line: line)
            for object in lines {
                XCTAssertEqual(object["hits"] as? Int, 0, "a line that is not a hit must say hits 0: \(object)",
                               file: file, line: line)
            }
        } else {
            XCTAssertEqual(found.count, lines.count, "every line is a hit: \(result.stdout)", file: file, line: line)
        }
        return found
    }

    func ids(_ hits: [[String: Any]]) -> [String] { hits.map { $0["id"] as? String ?? "?" } }

    func hit(_ id: String, in hits: [[String: Any]], file: StaticString = #filePath, line: UInt = #line) throws
        -> [String: Any]
    {
        try XCTUnwrap(hits.first { $0["id"] as? String == id }, "\(id) missing from \(ids(hits))", file: file, line: line)
    }

    /// `query` returns exactly the records `expected` (any order), and each hit
    /// highlights exactly the words given for its id.
    func assertFinds(_ query: String, _ expected: [String: [String]], options: [String] = [],
                     file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try hits(query, options, file: file, line: line)
        XCTAssertEqual(Set(ids(found)), Set(expected.keys), "ids for \(query)", file: file, line: line)
        XCTAssertEqual(found.count, expected.count, "one hit per record for \(query): \(ids(found))", file: file, line: line)
        for (id, words) in expected {
            guard let h = found.first(where: { $0["id"] as? String == id }) else { continue }
            XCTAssertEqual(highlightedWords(h), words, "highlights of \(id) for \(query), snippet: \(h["snippet"] ?? "")",
                           file: file, line: line)
        }
    }

    /// For a word written with hyphens ("Kreml-Sprecher", "Atom-U-Boote"): the
    /// hit highlights either the whole hyphenated word or exactly its matching
    /// parts, and nothing outside that word.
    func assertHighlightsHyphenated(_ h: [String: Any], word: String, parts: [String],
                                    file: StaticString = #filePath, line: UInt = #line) {
        let snippet = Array((h["snippet"] as? String ?? "").unicodeScalars)
        let target = Array(word.unicodeScalars)
        guard let start = (0...max(snippet.count - target.count, 0)).first(where: {
            $0 + target.count <= snippet.count && Array(snippet[$0..<($0 + target.count)]) == target
        }) else {
            return XCTFail("\(word) not in snippet \(h["snippet"] ?? "")", file: file, line: line)
        }
        let spans = h["highlights"] as? [[Int]] ?? []
        for span in spans {
            XCTAssertTrue(span.count == 2 && span[0] >= start && span[1] <= start + target.count,
                          "highlight \(span) is outside \(word) (at \(start)) in \(h["snippet"] ?? "")",
                          file: file, line: line)
        }
        let words = highlightedWords(h)
        XCTAssertTrue(words == parts || words == [word], "highlights \(words): expected \(parts) or [\(word)]",
                      file: file, line: line)
    }

    /// The paragraphs of a fixture record's text.
    func fixtureParagraphs(_ id: String) throws -> [String] {
        let text = try String(contentsOf: CLI.fixtures.appendingPathComponent("analysis.jsonl"), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if object["id"] as? String == id {
                return try XCTUnwrap(object["text"] as? String).components(separatedBy: "\n\n")
            }
        }
        return try XCTUnwrap(nil as [String]?, "fixture \(id) not found in analysis.jsonl")
    }

    func length(_ h: [String: Any]) -> Int { (h["snippet"] as? String ?? "").unicodeScalars.count }

    /// The batch the other tests read gives what a one-query run gives, and that run exits 0.
    func testOneQueryRunAgreesWithTheBatch() throws {
        for query in ["Rakete", "\"Strasse\"", "Wie soll die neue Straße im Neubaugebiet heißen?"] {
            let single = try search(["--format", "jsonl", query])
            XCTAssertEqual(single.status, 0, "\(query): \(single.stderr)")
            let alone = single.hitRecords()
            let batched = try hits(query)
            XCTAssertEqual(ids(alone), ids(batched), query)
            XCTAssertEqual(alone.map(highlightedWords), batched.map(highlightedWords), query)
            XCTAssertEqual(alone.map { $0["query"] as? String }, alone.map { _ in query })
        }
    }

    // MARK: - Compounds

    func testRaketeFindsCompoundsAndHighlightsTheWholeWord() throws {
        try assertFinds("Rakete", [
            "fx-rakete-1": ["Kurzstreckenraketen"],
            "fx-panzerabwehr-1": ["Panzerabwehrraketen"],
            "fx-rakete-2": ["Raketen"],
        ])
    }

    func testSatellitFindsSpionagesatelliten() throws {
        try assertFinds("Satellit", ["fx-satellit-1": ["Spionagesatelliten"]])
    }

    func testMunitionFindsArtilleriemunition() throws {
        try assertFinds("Munition", ["fx-munition-1": ["Artilleriemunition"]])
    }

    func testSprecherFindsKremlSprecherAndPraesidialamtssprecher() throws {
        let found = try hits("Sprecher")
        XCTAssertEqual(Set(ids(found)), ["fx-kreml-1", "fx-sprecher-1"])
        XCTAssertEqual(found.count, 2)
        XCTAssertEqual(highlightedWords(try hit("fx-sprecher-1", in: found)), ["Präsidialamtssprecher"])
        assertHighlightsHyphenated(try hit("fx-kreml-1", in: found), word: "Kreml-Sprecher", parts: ["Sprecher"])
    }

    func testFluechtlingFindsFluechtlingskrise() throws {
        try assertFinds("Flüchtling", ["fx-krise-1": ["Flüchtlingskrise"]])
        try assertFinds("Fluechtling", ["fx-krise-1": ["Flüchtlingskrise"]])
    }

    /// The first part of a compound finds it too (Tests/Fixtures/README.md).
    func testCompoundModifiersFindTheirCompounds() throws {
        try assertFinds("Panzerabwehr", ["fx-panzerabwehr-1": ["Panzerabwehrraketen"]])
        try assertFinds("Spionage", ["fx-satellit-1": ["Spionagesatelliten"]])
        try assertFinds("Artillerie", ["fx-munition-1": ["Artilleriemunition"]])
        try assertFinds("Präsidialamt", ["fx-sprecher-1": ["Präsidialamtssprecher"]])
        try assertFinds("Krise", ["fx-krise-1": ["Flüchtlingskrise"]])
        try assertFinds("Fluechtlingskrise", ["fx-krise-1": ["Flüchtlingskrise"]])
    }

    func testCompoundQueryFindsOnlyThatCompound() throws {
        try assertFinds("Kurzstreckenraketen", ["fx-rakete-1": ["Kurzstreckenraketen"]])
    }

    // MARK: - Ranking: the whole word first

    func testPlainWordRanksAboveCompoundOnlyRecords() throws {
        for query in ["Raketen", "Rakete"] {
            let found = try hits(query)
            XCTAssertEqual(ids(found).first, "fx-rakete-2", "rank 1 for \(query): \(ids(found))")
            XCTAssertEqual(found.first?["rank"] as? Int, 1)
            XCTAssertEqual(found.first.map(highlightedWords), ["Raketen"])
            XCTAssertEqual(Set(ids(found).dropFirst()), ["fx-rakete-1", "fx-panzerabwehr-1"], "\(query): \(ids(found))")
            XCTAssertEqual(found.map { $0["rank"] as? Int }, [1, 2, 3])
            let scores = found.compactMap { $0["score"] as? Double }
            XCTAssertEqual(scores.count, 3)
            if scores.count == 3 {
                XCTAssertGreaterThan(scores[0], scores[1], "\(query): the whole word must outscore a compound")
            }
        }
    }

    // MARK: - Transliteration and folding

    func testUmlautTransliterationFindsAndHighlightsTheOriginal() throws {
        try assertFinds("Suedkorea", ["fx-umlaut-1": ["Südkorea"]])
        try assertFinds("Südkorea", ["fx-umlaut-1": ["Südkorea"]])
        try assertFinds("Pjoengjang", ["fx-umlaut-1": ["Pjöngjang"]])
        try assertFinds("Pjöngjang", ["fx-umlaut-1": ["Pjöngjang"]])
    }

    func testEszettFoldingFindsAndHighlightsTheOriginal() throws {
        try assertFinds("Strasse", ["fx-eszett-1": ["Straße"]])
        try assertFinds("Straße", ["fx-eszett-1": ["Straße"]])
        try assertFinds("heissen", ["fx-eszett-1": ["heißen"]])
        try assertFinds("heißen", ["fx-eszett-1": ["heißen"]])
    }

    func testFoldingWorksInsidePhrases() throws {
        try assertFinds("\"Strasse\"", ["fx-eszett-1": ["Straße"]])
        try assertFinds("\"Straße\"", ["fx-eszett-1": ["Straße"]])
        try assertFinds("\"heissen\"", ["fx-eszett-1": ["heißen"]])
        try assertFinds("\"Suedkorea\"", ["fx-umlaut-1": ["Südkorea"]])
        try assertFinds("\"neue Strasse\"", ["fx-eszett-1": ["neue", "Straße"]])
        try assertFinds("\"Pjoengjang Gespraeche\"", ["fx-umlaut-1": ["Pjöngjang", "Gespräche"]])
        try assertFinds("„Regierung von Suedkorea“", ["fx-umlaut-1": ["Regierung", "von", "Südkorea"]])
    }

    // MARK: - Hyphenated compounds

    func testHyphenatedCompoundQueryFindsItsRecord() throws {
        for query in ["Atom-U-Boote", "\"Atom-U-Boote\""] {
            let found = try hits(query)
            XCTAssertEqual(ids(found), ["fx-uboot-1"], query)
            if let first = found.first {
                assertHighlightsHyphenated(first, word: "Atom-U-Boote", parts: ["Atom", "U", "Boote"])
            }
        }
    }

    func testEachPartOfAHyphenatedCompoundIsSearchable() throws {
        let cases: [(String, [String])] = [("Atom", ["Atom"]), ("Boote", ["Boote"]), ("Boot", ["Boote"]),
                                           ("U-Boot", ["U", "Boote"]), ("U-Boote", ["U", "Boote"])]
        for (query, parts) in cases {
            let found = try hits(query)
            XCTAssertEqual(ids(found), ["fx-uboot-1"], query)
            if let first = found.first { assertHighlightsHyphenated(first, word: "Atom-U-Boote", parts: parts) }
        }
    }

    func testKremlSprecherAsPhraseAndAsHyphenatedWord() throws {
        for query in ["\"Kreml Sprecher\"", "\"Kreml-Sprecher\"", "Kreml-Sprecher"] {
            let found = try hits(query)
            XCTAssertEqual(ids(found).first, "fx-kreml-1", "\(query): \(ids(found))")
            if let first = found.first {
                assertHighlightsHyphenated(first, word: "Kreml-Sprecher", parts: ["Kreml", "Sprecher"])
            }
        }
        // A phrase is only the phrase: the other Sprecher record has no "Kreml" before it.
        XCTAssertEqual(ids(try hits("\"Kreml Sprecher\"")), ["fx-kreml-1"])
        // ... and its words in the wrong order are not the phrase.
        _ = try hits("\"Sprecher Kreml\"", status: 1)
    }

    // MARK: - Stopwords

    func testQuestionFindsTheRecordAndDoesNotHighlightStopwords() throws {
        // fx-rakete-2: "... in der Wüste wurden am Morgen drei Raketen gestartet. Die Behörden ..."
        let question = try hits("Wann wurden die Raketen gestartet?")
        XCTAssertEqual(ids(question).first, "fx-rakete-2", ids(question).description)
        XCTAssertEqual(question.first.map(highlightedWords), ["Raketen", "gestartet"])
        // fx-eszett-1: "Die neue Straße im Neubaugebiet soll nach einer Ärztin heißen, die dort ..."
        let street = try hits("Wie soll die neue Straße im Neubaugebiet heißen?")
        XCTAssertEqual(ids(street).first, "fx-eszett-1", ids(street).description)
        XCTAssertEqual(street.first.map(highlightedWords), ["neue", "Straße", "Neubaugebiet", "heißen"])
        let stopwords: Set<String> = ["wann", "wurden", "die", "wie", "soll", "im"]
        for h in question + street {
            let marked = highlightedWords(h).filter { stopwords.contains($0.lowercased()) }
            XCTAssertEqual(marked, [], "stopwords highlighted in \(h["id"] ?? ""): \(h["snippet"] ?? "")")
        }
    }

    func testQuotedPhraseWithStopwordsMatchesOnlyWhereThePhraseOccurs() throws {
        let phrase = try hits("\"neue Straße im Neubaugebiet\"")
        XCTAssertEqual(ids(phrase), ["fx-eszett-1"])
        XCTAssertEqual(phrase.first.map(highlightedWords), ["neue", "Straße", "im", "Neubaugebiet"])
        // The same content words with another stopword are not the phrase.
        _ = try hits("\"neue Straße am Neubaugebiet\"", status: 1)
        // "Regierung" is in fx-kreml-1 and fx-umlaut-1; only fx-umlaut-1 has "Regierung von Südkorea".
        try assertFinds("\"Regierung von Südkorea\"", ["fx-umlaut-1": ["Regierung", "von", "Südkorea"]])
        _ = try hits("\"Regierung aus Südkorea\"", status: 1)
    }

    func testPhraseHighlightsOnlyThePhraseNotEveryStopword() throws {
        // fx-kreml-1: "Ein Kreml-Sprecher wies die Vorwürfe am Montag zurück. Die Regierung habe ..."
        let found = try hits("\"die Regierung\"")
        XCTAssertEqual(Set(ids(found)), ["fx-kreml-1", "fx-umlaut-1"])
        XCTAssertEqual(highlightedWords(try hit("fx-kreml-1", in: found)), ["Die", "Regierung"],
                       "the \"die\" of \"wies die Vorwürfe\" is not part of the phrase")
        XCTAssertEqual(highlightedWords(try hit("fx-umlaut-1", in: found)), ["Die", "Regierung"])
    }

    // MARK: - Passages

    func testLongParagraphIsSplitAndTheMatchingPassageIsShown() throws {
        let found = try hits("Gezeitenkalender")
        XCTAssertEqual(ids(found), ["fx-long-1"])
        let h = try XCTUnwrap(found.first)
        XCTAssertEqual(h["passage"] as? Int, 2)
        XCTAssertEqual(highlightedWords(h), ["Gezeitenkalender"])
        XCTAssertLessThanOrEqual(length(h), 240, "default --snippet-chars is 240")
        XCTAssertEqual(try hits("Nipptide").first?["passage"] as? Int, 3, "the long paragraph's second piece")
        XCTAssertEqual(try hits("Gutachten").first?["passage"] as? Int, 4)
        XCTAssertEqual(try hits("Nebelhorn").first?["passage"] as? Int, 5)
        let short = try XCTUnwrap(try hits("Gezeitenkalender", ["--snippet-chars", "80"]).first)
        XCTAssertLessThanOrEqual(length(short), 80, "snippet: \(short["snippet"] ?? "")")
        XCTAssertEqual(highlightedWords(short), ["Gezeitenkalender"])
    }

    func testAllPassagesShowsEachMatchingPassage() throws {
        let all = try hits("Hafenmeisterin", ["--all-passages"])
        XCTAssertEqual(ids(all), ["fx-long-1", "fx-long-1"])
        XCTAssertEqual(Set(all.compactMap { $0["passage"] as? Int }), [1, 5])
        for h in all { XCTAssertEqual(highlightedWords(h).first, "Hafenmeisterin") }
        let best = try hits("Hafenmeisterin")
        XCTAssertEqual(best.count, 1, "without --all-passages one passage per document")
    }

    func testPassagesStayUnderTheLimitAndKeepTheWholeText() throws {
        let query = "Hafenmeisterin OR Gezeitenkalender OR Nipptide OR Gutachten OR Nebelhorn"
        let paragraphs = try fixtureParagraphs("fx-long-1")
        XCTAssertEqual(paragraphs.map(\.count), [200, 1314, 541, 416], "fixture changed")

        // Default snippets: every one within 240 code points.
        let snippets = try hits(query, ["--all-passages", "--limit", "20"])
        XCTAssertEqual(snippets.compactMap { $0["passage"] as? Int }.sorted(), [1, 2, 3, 4, 5])
        for h in snippets {
            XCTAssertLessThanOrEqual(length(h), 240, "passage \(h["passage"] ?? "") snippet: \(h["snippet"] ?? "")")
        }

        // With a snippet limit above any passage, each snippet is its whole passage.
        let whole = try hits(query, ["--all-passages", "--limit", "20", "--snippet-chars", "100000"])
        var passages: [Int: String] = [:]
        for h in whole {
            XCTAssertEqual(h["id"] as? String, "fx-long-1")
            let text = h["snippet"] as? String ?? ""
            XCTAssertLessThanOrEqual(text.count, 1000, "passage \(h["passage"] ?? "") has \(text.count) characters")
            XCTAssertFalse(text.contains("…"), "passage \(h["passage"] ?? "") was cut: \(text)")
            if let n = h["passage"] as? Int { passages[n] = text }
        }
        XCTAssertEqual(passages.keys.sorted(), [1, 2, 3, 4, 5])
        XCTAssertEqual(passages[1], paragraphs[0])
        XCTAssertEqual(passages[4], paragraphs[2])
        XCTAssertEqual(passages[5], paragraphs[3])
        // The 1,314-character paragraph is cut once, at a sentence end, and loses nothing.
        let first = try XCTUnwrap(passages[2]), second = try XCTUnwrap(passages[3])
        XCTAssertTrue(first.hasSuffix("."), "passage 2 ends mid-sentence: …\(first.suffix(40))")
        XCTAssertEqual(first + " " + second, paragraphs[1])
        XCTAssertTrue(first.contains("Gezeitenkalender"))
        XCTAssertTrue(second.contains("Nipptide"))
    }
}
