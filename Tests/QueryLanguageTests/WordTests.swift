import XCTest

@testable import QueryLanguage

final class WordTests: XCTestCase {
    func testSingleWordIsJustTheWord() {
        assertTree("Rakete", w("Rakete", 0))
    }

    func testBareWordsFormLooseGroup() {
        assertTree("Rakete Pjöngjang", .loose([clause(w("Rakete", 0)), clause(w("Pjöngjang", 7))]))
    }

    func testWordsKeepTheirCaseAndUmlauts() {
        assertTree("STRAßE Größe", .loose([clause(w("STRAßE", 0)), clause(w("Größe", 7))]))
    }

    func testRangesCountCharactersNotBytesOrScalars() {
        // "🚀" is one Character (and several UTF-8 bytes); "e\u{301}" is one
        // Character made of two scalars.
        assertTree(
            "🚀 Café\u{301}x Start",
            .loose([clause(w("🚀", 0)), clause(w("Café\u{301}x", 2)), clause(w("Start", 8))]))
    }

    func testQuestionParsesToFiveWords() {
        assertTree(
            "Wann wurde die Stadt gegründet?",
            .loose([
                clause(w("Wann", 0)), clause(w("wurde", 5)), clause(w("die", 11)),
                clause(w("Stadt", 15)), clause(w("gegründet", 21)),
            ]))
    }

    func testSentencePunctuationAtWordEndsSeparates() {
        assertTree(
            "Rakete, Start! Ende. (Test)",
            .loose([clause(w("Rakete", 0)), clause(w("Start", 8)), clause(w("Ende", 15)), clause(w("Test", 22))]))
    }

    func testPunctuationInsideWordsIsKept() {
        assertTree(
            "zeit.de 1,5 geht's",
            .loose([clause(w("zeit.de", 0)), clause(w("1,5", 8)), clause(w("geht's", 12))]))
    }

    func testPunctuationOnlyRunsAreDropped() {
        assertTree("Rakete - … & Start ?", .loose([clause(w("Rakete", 0)), clause(w("Start", 13))]))
    }

    func testInternalHyphensStayInOneWord() {
        assertTree("Kreml-Sprecher", w("Kreml-Sprecher", 0))
        assertTree("Atom-U-Boote", w("Atom-U-Boote", 0))
    }

    func testLowercaseOperatorsArePlainWords() {
        assertTree(
            "and or not xor near",
            .loose([
                clause(w("and", 0)), clause(w("or", 4)), clause(w("not", 7)),
                clause(w("xor", 11)), clause(w("near", 15)),
            ]))
        assertTree("And Not", .loose([clause(w("And", 0)), clause(w("Not", 4))]))
    }

    func testTimeIsAWordNotAField() {
        assertTree("Start 12:30", .loose([clause(w("Start", 0)), clause(w("12:30", 6))]))
    }

    func testURLIsAWordNotAField() {
        assertTree("https://example.org/a?b=c", w("https://example.org/a?b=c", 0))
    }

    func testColonBeforeSpaceIsProse() {
        assertTree("Achtung: Rakete", .loose([clause(w("Achtung", 0)), clause(w("Rakete", 9))]))
    }

    func testWordGluedToParenthesis() {
        assertTree("Rakete(n)", .loose([clause(w("Rakete", 0)), clause(w("n", 7))]))
    }

    func testOtherWhitespaceSeparates() {
        assertTree("Rakete\tStart\nEnde\u{00A0}X", .loose([
            clause(w("Rakete", 0)), clause(w("Start", 7)), clause(w("Ende", 13)), clause(w("X", 18)),
        ]))
    }
}
