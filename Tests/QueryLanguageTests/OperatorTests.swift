import XCTest

@testable import QueryLanguage

final class OperatorTests: XCTestCase {
    func testAnd() {
        assertTree("Rakete AND Start", .and([w("Rakete", 0), w("Start", 11)]))
    }

    func testAndChainIsFlat() {
        assertTree("a AND b AND c", .and([w("a", 0), w("b", 6), w("c", 12)]))
    }

    func testOr() {
        assertTree("Rakete OR Start OR Test", .or([w("Rakete", 0), w("Start", 10), w("Test", 19)]))
    }

    func testXor() {
        assertTree("a XOR b XOR c", .xor([w("a", 0), w("b", 6), w("c", 12)]))
    }

    func testNot() {
        assertTree("Rakete NOT Start", .andNot(w("Rakete", 0), w("Start", 11)))
    }

    func testAndNot() {
        assertTree("Rakete AND NOT Start", .andNot(w("Rakete", 0), w("Start", 15)))
    }

    func testLeadingNot() {
        assertTree("NOT Rakete", .not(w("Rakete", 4)))
    }

    func testLeadingNotTakesTheWholeLooseGroup() {
        assertTree("NOT Rakete Start", .not(.loose([clause(w("Rakete", 4)), clause(w("Start", 11))])))
    }

    func testLeadingNotWithAndBecomesAndNot() {
        assertTree("NOT Rakete AND Start", .andNot(w("Start", 15), w("Rakete", 4)))
    }

    func testDoubleNotCancels() {
        assertTree("NOT NOT Rakete", w("Rakete", 8))
        assertTree("a NOT NOT b", .and([w("a", 0), w("b", 10)]))
    }

    func testNotInsideOr() {
        assertTree("a OR NOT b", .or([w("a", 0), .not(w("b", 9))]))
    }

    func testNotInParenthesesCombinesWithAnd() {
        assertTree("(NOT b) AND a", .andNot(w("a", 12), w("b", 5)))
    }

    func testNotChainCollectsExclusions() {
        assertTree("a NOT b NOT c", .andNot(w("a", 0), .or([w("b", 6), w("c", 12)])))
        assertTree("a NOT b AND c", .andNot(.and([w("a", 0), w("c", 12)]), w("b", 6)))
    }

    func testJuxtapositionBindsTighterThanBooleans() {
        assertTree(
            "a b AND c d",
            .and([.loose([clause(w("a", 0)), clause(w("b", 2))]), .loose([clause(w("c", 8)), clause(w("d", 10))])]))
        assertTree(
            "a b NOT c",
            .andNot(.loose([clause(w("a", 0)), clause(w("b", 2))]), w("c", 8)))
    }

    func testAndBindsTighterThanXorTighterThanOr() {
        assertTree(
            "a OR b AND c XOR d",
            .or([w("a", 0), .xor([.and([w("b", 5), w("c", 11)]), w("d", 17)])]))
        assertTree(
            "a XOR b OR c AND d",
            .or([.xor([w("a", 0), w("b", 6)]), .and([w("c", 11), w("d", 17)])]))
    }

    func testNotBindsLikeAnd() {
        assertTree("a OR b NOT c", .or([w("a", 0), .andNot(w("b", 5), w("c", 11))]))
    }

    func testParenthesesGroup() {
        assertTree("(a OR b) AND c", .and([.or([w("a", 1), w("b", 6)]), w("c", 13)]))
    }

    func testRedundantParenthesesVanish() {
        assertTree("((Rakete))", w("Rakete", 2))
    }

    func testSameOperatorGroupsAreMerged() {
        assertTree("(a OR b) OR c", .or([w("a", 1), w("b", 6), w("c", 12)]))
    }

    func testLooseGroupsInParenthesesAreKept() {
        assertTree(
            "a (b c)",
            .loose([clause(w("a", 0)), clause(.loose([clause(w("b", 3)), clause(w("c", 5))]))]))
    }

    func testOperatorWordInsideFieldValueIsAWord() {
        assertTree("title:AND", w("AND", 6, field: "title"))
    }

    func testOperatorWithTrailingPunctuation() {
        assertTree("a AND, b", .and([w("a", 0), w("b", 7)]))
    }
}
