import XCTest

@testable import QueryLanguage

final class NearTests: XCTestCase {
    func testNearDefaultWindow() {
        assertTree("Raketen NEAR Start", .near([w("Raketen", 0), w("Start", 13)], window: 10, ordered: false))
        XCTAssertEqual(QueryParser.defaultNearWindow, 10)
    }

    func testNearWithWindow() {
        assertTree("Raketen NEAR/5 Start", .near([w("Raketen", 0), w("Start", 15)], window: 5, ordered: false))
    }

    func testNearChain() {
        assertTree("a NEAR b NEAR c", .near([w("a", 0), w("b", 7), w("c", 14)], window: 10, ordered: false))
    }

    func testNearChainTakesWidestWindow() {
        assertTree("a NEAR/3 b NEAR/7 c", .near([w("a", 0), w("b", 9), w("c", 18)], window: 7, ordered: false))
        assertTree("a NEAR/30 b NEAR c", .near([w("a", 0), w("b", 10), w("c", 17)], window: 30, ordered: false))
    }

    func testAdj() {
        assertTree("Kim ADJ Jong", .near([w("Kim", 0), w("Jong", 8)], window: 10, ordered: true))
    }

    func testAdjWithWindowAndChain() {
        assertTree("a ADJ/2 b ADJ c", .near([w("a", 0), w("b", 8), w("c", 14)], window: 10, ordered: true))
        assertTree("a ADJ/2 b", .near([w("a", 0), w("b", 8)], window: 2, ordered: true))
    }

    func testNearBindsTighterThanJuxtapositionAndAnd() {
        assertTree(
            "x a NEAR b AND c",
            .and([
                .loose([clause(w("x", 0)), clause(.near([w("a", 2), w("b", 9)], window: 10, ordered: false))]),
                w("c", 15),
            ]))
    }

    func testNearWithPhrasesWildcardsAndFields() {
        assertTree(
            "\"Kim Jong\" NEAR Rak* NEAR title:Start",
            .near(
                [
                    .phrase([word("Kim", 1), word("Jong", 5)], field: nil),
                    .wildcard(word("Rak", 16), field: nil),
                    w("Start", 32, field: "title"),
                ], window: 10, ordered: false))
    }

    func testMixingNearAndAdjIsAnError() {
        assertError("a NEAR b ADJ c", "NEAR and ADJ cannot be mixed in one chain", column: 10)
    }

    func testNearOfGroupIsAnError() {
        assertError("(a OR b) NEAR c", "NEAR can only join words, phrases and wildcards", column: 1)
        assertError("a ADJ (b c)", "ADJ can only join words, phrases and wildcards", column: 7)
        assertError("a NEAR source:x", "NEAR can only join words, phrases and wildcards", column: 8)
    }

    func testInvalidWindows() {
        let message = "expected a whole number from 1 to 1000"
        assertError("a NEAR/0 b", "invalid window in 'NEAR/0': \(message)", column: 3)
        assertError("a NEAR/ b", "invalid window in 'NEAR/': \(message)", column: 3)
        assertError("a ADJ/x b", "invalid window in 'ADJ/x': \(message)", column: 3)
        let huge = "NEAR/99999999999999999999"
        assertError("a \(huge) b", "invalid window in '\(huge)': \(message)", column: 3)
        assertError("a NEAR/1001 b", "invalid window in 'NEAR/1001': \(message)", column: 3)
    }

    func testNearAloneIsAWord() {
        assertTree("NEAR", w("NEAR", 0))
    }

    func testNearFollowedByOperator() {
        assertError("Rakete NEAR/5 OR b", "missing search term after 'NEAR/5'", column: 15)
    }
}
