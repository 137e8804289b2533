import Foundation
import GermanAnalysis
import QueryLanguage
import Xapian
import XCTest

@testable import FundusCore

/// The bounds of issue 15, point 8, counted rather than timed: the words a
/// query holds after splitting, the terms its wildcards stand for in all,
/// the term queries built, and the spelling lookups a search makes.
final class QueryLimitsTests: XCTestCase {
    let analyzer = Analyzer(stemmer: try! Stemmer(language: Analysis.stemmerLanguage))

    private func size(_ query: String) throws -> QuerySize {
        QuerySize(try QueryParser.parse(query), analyzer: analyzer)
    }

    func testWordsAreCountedAfterSplitting() throws {
        XCTAssertEqual(try size("Kreml-Sprecher Rakete").words, 3)
        XCTAssertEqual(try size("Kreml-Sprecher Rakete").longestPhrase, 2)
        XCTAssertEqual(try size("a/b/c/d.e,f;g").words, 7)
        XCTAssertEqual(try size("Hans'sche Rakete*").words, 2)  // an apostrophe joins: one word
        XCTAssertEqual(try size("\"der die das\" NEAR Start-Rampe").longestPhrase, 5)
        XCTAssertEqual(try size("title:\"a b c\" OR (x AND y-z)").words, 6)
        let joined = Array(repeating: "Wort", count: 10_000).joined(separator: "-")
        XCTAssertThrowsError(try size(joined).check()) { XCTAssertEqual($0 as? QueryLimitError, .words(10_000)) }
        let phrase = "\"" + Array(repeating: "der", count: 65).joined(separator: " ") + "\""
        XCTAssertThrowsError(try size(phrase).check()) { XCTAssertEqual($0 as? QueryLimitError, .phrase(65)) }
        XCTAssertNoThrow(try size("\"" + phrase.dropFirst(5)).check())  // 64 words
    }

    /// Each wildcard alone stands for at most 200 terms; together at most 1,000.
    func testWildcardTermsAreLimitedInTotal() throws {
        var builder = QueryBuilder(analyzer: analyzer, ranking: Ranking())
        var asked = 0
        builder.countPrefix = { _, limit in
            asked += 1
            return limit  // every prefix stands for as many terms as allowed
        }
        builder.expandWildcard = { prefix in (0..<300).map { prefix + String($0) } }
        XCTAssertNoThrow(try builder.build(try QueryParser.parse("aa* ab* ac* ad* ae*"), defaultOperator: .or))
        XCTAssertEqual(builder.budget.wildcardTerms, 1000)
        let many = (0..<999).map { "w\($0)*" }.joined(separator: " ")
        XCTAssertThrowsError(try builder.build(try QueryParser.parse(many), defaultOperator: .or)) {
            XCTAssertEqual($0 as? QueryLimitError, .wildcardTerms)
        }
        XCTAssertEqual(asked, 5 + 6, "counting stops at the first wildcard over the limit")
        // Wildcards in NEAR are expanded by Fundus, term by term: the same limit.
        XCTAssertThrowsError(try builder.build(try QueryParser.parse("aa* NEAR ab* NEAR ac* NEAR ad* NEAR ae* NEAR af*"),
                                               defaultOperator: .or)) {
            XCTAssertEqual($0 as? QueryLimitError, .wildcardTerms)
        }
    }

    /// What reaches Xapian grows with the words, not faster: a query at the
    /// word limit, or a joined word at the phrase limit, builds a bounded
    /// number of term queries.
    func testTermQueriesBuiltStayBounded() throws {
        var builder = QueryBuilder(analyzer: analyzer, ranking: Ranking())
        let words = (0..<QueryLimits.words).map { "Wanderweg\($0)" }.joined(separator: " ")
        _ = try builder.build(try QueryParser.parse(words), defaultOperator: .or)
        XCTAssertLessThanOrEqual(builder.budget.terms, 6 * QueryLimits.words)
        let joined = (0..<QueryLimits.phraseWords).map { "Teil\($0)" }.joined(separator: "-")
        _ = try builder.build(try QueryParser.parse(joined), defaultOperator: .or)
        XCTAssertLessThanOrEqual(builder.budget.terms, 6 * QueryLimits.phraseWords)
        let budget = TermBudget()
        XCTAssertNoThrow(try budget.addTerms(QueryLimits.terms))
        XCTAssertThrowsError(try budget.addTerms(1)) { XCTAssertEqual($0 as? QueryLimitError, .terms) }
    }

    /// Xapian's spelling correction costs the square of a word's length: a
    /// word joined by apostrophes is not looked up, nor are words past the
    /// 20th unknown one.
    func testSpellingLookupsAreBounded() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-limits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("db").path
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let writer = try IndexWriter(path: db)
        try writer.add(SourceDocument(id: "a", title: "Wanderung", text: "Der Wanderweg führt am Bachufer entlang zur Mühle."))
        try writer.close()
        let searcher = try Searcher(path: db)
        let long = Array(repeating: "Wanderweg", count: 10_000).joined(separator: "'")
        XCTAssertEqual(try searcher.search(long).hits.count, 0)
        XCTAssertEqual(searcher.spellingLookups, 0)
        let unknown = (0..<40).map { "Zupfkuchen\(String(UnicodeScalar(UInt8(97 + $0 % 26))))\($0 / 26)x" }
        XCTAssertEqual(try searcher.search(unknown.joined(separator: " ")).hits.count, 0)
        XCTAssertEqual(searcher.spellingLookups, Searcher.maxSuggestedWords)
        // A misspelt word is still read right, or, with typos off, corrected.
        XCTAssertEqual(try searcher.search("Wandrweg").readings.first?.readAs, ["Wanderweg"])
        var exact = SearchOptions()
        exact.typos = false
        XCTAssertEqual(try searcher.search("Wandrweg", options: exact).suggestion, "Wanderweg")
    }
}
