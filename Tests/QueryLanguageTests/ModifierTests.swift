import XCTest

@testable import QueryLanguage

final class ModifierTests: XCTestCase {
    func testRequiredWord() {
        assertTree("+Rakete Start", .loose([clause(w("Rakete", 1), .required), clause(w("Start", 8))]))
    }

    func testExcludedWord() {
        assertTree("Rakete -Start", .loose([clause(w("Rakete", 0)), clause(w("Start", 8), .excluded)]))
    }

    func testSingleModifiedClauseStaysALooseGroup() {
        // The builder must see the modifier, e.g. to reject a purely negative query.
        assertTree("-Rakete", .loose([clause(w("Rakete", 1), .excluded)]))
        assertTree("+Rakete", .loose([clause(w("Rakete", 1), .required)]))
    }

    func testModifiersOnPhraseFieldAndGroup() {
        assertTree(
            "-\"Kim Jong\" +title:Rakete -(a OR b)",
            .loose([
                clause(.phrase([word("Kim", 2), word("Jong", 6)], field: nil), .excluded),
                clause(w("Rakete", 19, field: "title"), .required),
                clause(.or([w("a", 28), w("b", 33)]), .excluded),
            ]))
    }

    func testModifierAfterOpeningParenthesis() {
        assertTree("(-Rakete)", .loose([clause(w("Rakete", 2), .excluded)]))
    }

    func testHyphenInsideWordIsNotAModifier() {
        assertTree("Kreml-Sprecher -Putin", .loose([clause(w("Kreml-Sprecher", 0)), clause(w("Putin", 16), .excluded)]))
    }

    func testDashBetweenWordsIsPunctuation() {
        assertTree("Rakete - Start -", .loose([clause(w("Rakete", 0)), clause(w("Start", 9))]))
    }

    func testModifierAppliesToWholeNearChain() {
        assertTree(
            "-a NEAR b",
            .loose([clause(.near([w("a", 1), w("b", 8)], window: 10, ordered: false), .excluded)]))
    }

    func testModifierWithoutOperand() {
        assertError("-AND", "missing search term after '-'", column: 2)
    }

    func testModifierInsideNearChainIsAnError() {
        assertError("a NEAR -b", "'-' cannot be used after 'NEAR'", column: 8)
    }
}
