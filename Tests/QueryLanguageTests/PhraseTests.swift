import XCTest

@testable import QueryLanguage

final class PhraseTests: XCTestCase {
    private let kimJongUn: [QueryWord] = [word("Kim", 1), word("Jong", 5), word("Un", 10)]

    func testStraightQuotes() {
        assertTree("\"Kim Jong Un\"", .phrase(kimJongUn, field: nil))
    }

    func testGermanQuotes() {
        assertTree("„Kim Jong Un“", .phrase(kimJongUn, field: nil))
    }

    func testTypographicQuotes() {
        assertTree("“Kim Jong Un”", .phrase(kimJongUn, field: nil))
    }

    func testGuillemets() {
        assertTree("»Kim Jong Un«", .phrase(kimJongUn, field: nil))
    }

    func testMixedDoubleQuotesPair() {
        assertTree("\"Kim Jong Un“", .phrase(kimJongUn, field: nil))
        assertTree("”Kim Jong Un”", .phrase(kimJongUn, field: nil))
    }

    func testOtherQuoteInsidePhraseSeparatesWords() {
        assertTree("»Kim\"Jong“Un«", .phrase([word("Kim", 1), word("Jong", 5), word("Un", 10)], field: nil))
    }

    func testOperatorsAndPunctuationInsidePhraseArePlainWords() {
        assertTree(
            "\"Krieg AND Frieden, (heute)\"",
            .phrase([word("Krieg", 1), word("AND", 7), word("Frieden", 11), word("heute", 21)], field: nil))
    }

    func testPhraseNextToWords() {
        assertTree(
            "Rakete \"Kim Jong\" Start",
            .loose([
                clause(w("Rakete", 0)),
                clause(.phrase([word("Kim", 8), word("Jong", 12)], field: nil)),
                clause(w("Start", 18)),
            ]))
    }

    func testSingleWordPhraseStaysAPhrase() {
        // Xapian treats a quoted single word as exact (unstemmed); keep the quotes' meaning.
        assertTree("\"Rakete\"", .phrase([word("Rakete", 1)], field: nil))
    }

    func testUnterminatedQuote() {
        assertError("Rakete \"Kim Jong", "unterminated phrase: missing closing quote for '\"'", column: 8)
        assertError("„Kim", "unterminated phrase: missing closing quote for '„'", column: 1)
    }

    func testEmptyPhrase() {
        assertError("Rakete \"\"", "empty phrase", column: 8)
        assertError("\" ,. \"", "empty phrase", column: 1)
    }
}
