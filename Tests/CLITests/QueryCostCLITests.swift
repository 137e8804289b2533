import XCTest

/// Queries that would make Xapian work for a minute (issue 15, point 8): each
/// kind is refused with one line and exit 2, or answered; none is run
/// unbounded. Figures on the whole corpus are in RELIABILITY.md.
final class QueryCostCLITests: CLITestCase {
    let news = """
        {"id":"a","title":"Raketenstart","text":"Die Raketen flogen weit über das Meer, und der Start war laut."}
        {"id":"b","title":"Brücke","text":"Der Stadtrat beschloss den Bau der neuen Brücke über die Mulde."}

        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        try ingest([try write("news.jsonl", news)])
    }

    /// The message: the query's first 60 characters, then the reason.
    private func assertRefused(_ query: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try search([query])
        XCTAssertEqual(result.status, 2, result.stderr, file: file, line: line)
        let shown = query.count > 60 ? String(query.prefix(60)) + "…" : query
        XCTAssertEqual(result.stderr, "fundus-search: query \"\(shown)\": \(reason)\n", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    private func assertAnswered(_ query: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try search(["--format", "jsonl", query])
        XCTAssertTrue(result.status == 0 || result.status == 1, "\(result.status): \(result.stderr)", file: file, line: line)
        XCTAssertFalse(result.stderr.contains("query \""), result.stderr, file: file, line: line)
    }

    /// One "word" to the parser, thousands to Xapian: counted after splitting.
    func testWordJoinedByPunctuationCountsItsPieces() throws {
        let pieces = (0..<10_000).map { i in ["Rakete", "Meer", "Start", "Mulde"][i % 4] }
        for joiner in ["-", "/", ".", ",", ";", "_", "+", "&", "@", "#", "=", "|", "\\", "~", "·", "–"] {
            try assertRefused(pieces.joined(separator: joiner), "too long (10000 words after splitting; at most 500)")
        }
        // Within the word limit but over the phrase limit: a joined word is searched as a phrase.
        try assertRefused(pieces.prefix(65).joined(separator: "-"),
                          "phrase too long (65 words; at most 64 in a phrase, joined word or NEAR group)")
        try assertAnswered(pieces.prefix(64).joined(separator: "-"))
    }

    /// An apostrophe joins letters into one word, however long: it matches
    /// nothing and costs little (the spelling lookup it used to get took a
    /// minute and 1.1 GB for 10,000 pieces).
    func testWordJoinedByApostrophesIsOneWordAndAnswered() throws {
        let long = Array(repeating: "Rakete", count: 10_000).joined(separator: "'")
        let result = try search([long])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "")
    }

    func testTooManyWordsAfterSplittingAreRefused() throws {
        let words = (0..<501).map { "Wort\($0 % 7)" }
        try assertRefused(words.joined(separator: " "), "too long (501 words after splitting; at most 500)")
        try assertRefused(words.joined(separator: " OR "), "too long (501 words after splitting; at most 500)")
        try assertAnswered(words.prefix(500).joined(separator: " "))
    }

    func testLongPhrasesAndNearGroupsAreRefused() throws {
        let stopwords = ["der", "die", "das", "und", "über", "den"]
        let stopPhrase = (0..<999).map { stopwords[$0 % stopwords.count] }
        try assertRefused("\"" + stopPhrase.prefix(400).joined(separator: " ") + "\"",
                          "phrase too long (400 words; at most 64 in a phrase, joined word or NEAR group)")
        try assertRefused("\"" + stopPhrase.joined(separator: " ") + "\"", "too long (999 words after splitting; at most 500)")
        try assertAnswered("\"" + stopPhrase.prefix(64).joined(separator: " ") + "\"")
        let near = (0..<65).map { ["Raketen", "Meer", "Start"][$0 % 3] }
        try assertRefused(near.joined(separator: " NEAR "),
                          "phrase too long (65 words; at most 64 in a phrase, joined word or NEAR group)")
        try assertRefused(near.joined(separator: " ADJ "),
                          "phrase too long (65 words; at most 64 in a phrase, joined word or NEAR group)")
        try assertRefused("title:\"" + near.joined(separator: " ") + "\"",
                          "phrase too long (65 words; at most 64 in a phrase, joined word or NEAR group)")
        try assertAnswered(near.prefix(64).joined(separator: " NEAR "))
    }

    func testManyWildcardsAreRefusedOrAnswered() throws {
        let letters = "abcdefghijklmnopqrstuvwxyz".map(String.init)
        let twoLetter = letters.flatMap { a in letters.map { a + $0 + "*" } }
        // 676 two-letter wildcards: over the word limit; 400: few terms in this small index, answered.
        try assertRefused(twoLetter.joined(separator: " "), "too long (676 words after splitting; at most 500)")
        try assertAnswered(twoLetter.prefix(400).joined(separator: " "))
        try assertAnswered(twoLetter.prefix(30).joined(separator: " NEAR "))
    }

    func testDeepNestingAndMixturesStayBounded() throws {
        let deep = String(repeating: "(", count: 10_000) + "Rakete" + String(repeating: ")", count: 10_000)
        let result = try search([deep])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
        let words = (0..<60).map { "Wort\($0)" }
        let mixture = words.joined(separator: " ") + " \"" + words.joined(separator: " ") + "\" "
            + words.prefix(30).joined(separator: " NEAR ") + " ra* me* st* " + words.joined(separator: "-")
        try assertAnswered(mixture)
        try assertRefused(mixture + " " + words.joined(separator: "/") + "/x/y/z/w/v",
                          "phrase too long (65 words; at most 64 in a phrase, joined word or NEAR group)")
    }
}
