import XCTest

@testable import QueryLanguage

final class WildcardTests: XCTestCase {
    func testTrailingWildcard() {
        assertTree("Rakete*", .wildcard(word("Rakete", 0), field: nil))
    }

    func testWildcardWithSentencePunctuation() {
        assertTree("Rakete*, Start", .loose([clause(.wildcard(word("Rakete", 0), field: nil)), clause(w("Start", 9))]))
    }

    func testWildcardKeepsHyphens() {
        assertTree("Atom-*", .wildcard(word("Atom-", 0), field: nil))
    }

    func testLoneStarIsPunctuation() {
        assertTree("Rakete *", w("Rakete", 0))
        assertError("-*", "empty query", column: 1)
    }

    func testStarAfterSymbolIsAnError() {
        // Not punctuation, so not dropped, but nothing Xapian could expand.
        assertError("$*", "'*' needs a word before it (as in Rakete*)", column: 2)
    }

    func testStarInTheMiddleIsAnError() {
        assertError("Ra*kete", "'*' may only appear once, at the end of a word (as in Rakete*)", column: 3)
        assertError("*Rakete", "'*' may only appear once, at the end of a word (as in Rakete*)", column: 1)
        assertError("Rakete**", "'*' may only appear once, at the end of a word (as in Rakete*)", column: 7)
    }

    func testStarInsidePhraseIsLiteral() {
        assertTree("\"Rak* Start\"", .phrase([word("Rak*", 1), word("Start", 6)], field: nil))
    }
}
