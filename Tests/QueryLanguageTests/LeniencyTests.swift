import XCTest

@testable import QueryLanguage

/// Keyword lists pasted as queries (LibreOffice help index entries, man page
/// descriptions) must parse as the words a person sees in them.
final class LeniencyTests: XCTestCase {
    func testEmptyGroupsAreDropped() {
        assertTree("glob()", w("glob", 0))
        assertTree(
            "XSCRIPTCONTEXT getComponentContext()",
            .loose([clause(w("XSCRIPTCONTEXT", 0)), clause(w("getComponentContext", 15))]))
        assertTree("Operatoren ungleich (<>)", .loose([clause(w("Operatoren", 0)), clause(w("ungleich", 11))]))
        assertTree("Rakete (( )) Start", .loose([clause(w("Rakete", 0)), clause(w("Start", 13))]))
        for group in ["()", "(/)", "(=)", "(>=)", "(<>)", "(\\\\)", "(( ))", "( * )"] {
            assertError(group, "empty query", column: 1)
        }
        // A modifier goes with its group.
        assertTree("Rakete -(=) +()", w("Rakete", 0))
        assertError("-() -()", "empty query", column: 1)
        // Dropping happens before operators look for their operands.
        assertTree("Rakete AND ()", .loose([clause(w("Rakete", 0)), clause(w("AND", 7))]))
        // Still unbalanced.
        assertError("(()", "missing ')'", column: 4)
        assertError("())", "unmatched ')'", column: 3)
    }

    func testOperatorWithoutLeftOperandIsAWord() {
        assertTree("AND (Operator)", .loose([clause(w("AND", 0)), clause(w("Operator", 5))]))
        assertTree(
            "XOR (boolescher Operator)",
            .loose([clause(w("XOR", 0)), clause(.loose([clause(w("boolescher", 5)), clause(w("Operator", 16))]))]))
        assertTree("OR", w("OR", 0))
        assertTree("NEAR/5 Rakete", .loose([clause(w("NEAR/5", 0)), clause(w("Rakete", 7))]))
        assertTree("a (OR b)", .loose([clause(w("a", 0)), clause(.loose([clause(w("OR", 3)), clause(w("b", 6))]))]))
        assertTree(
            "title:(AND Rakete)",
            .loose([clause(w("AND", 7, field: "title")), clause(w("Rakete", 11, field: "title"))]))
        // Only the first one is at the start; the second has a left operand.
        assertTree("AND AND Rakete", .and([w("AND", 0), w("Rakete", 8)]))
    }

    func testLeadingNotStillExcludes() {
        assertTree("NOT (Operator)", .not(w("Operator", 5)))
    }

    func testOperatorWithoutRightOperandIsAWord() {
        assertTree("Rakete AND", .loose([clause(w("Rakete", 0)), clause(w("AND", 7))]))
        assertTree("Rakete NEAR", .loose([clause(w("Rakete", 0)), clause(w("NEAR", 7))]))
        assertTree("Rakete NOT", .loose([clause(w("Rakete", 0)), clause(w("NOT", 7))]))
        assertTree("NOT", w("NOT", 0))
        assertTree("(Rakete OR) b", .loose([clause(.loose([clause(w("Rakete", 1)), clause(w("OR", 8))])), clause(w("b", 12))]))
        // One token of lookahead: the NOT is the word, the AND stays.
        assertTree("Rakete AND NOT", .and([w("Rakete", 0), w("NOT", 11)]))
    }

    func testLoneStarIsPunctuation() {
        assertTree(
            "* (mathematischer Operator)",
            .loose([clause(w("mathematischer", 3)), clause(w("Operator", 18))]))
        assertTree(
            "Fett * bei",
            .loose([clause(w("Fett", 0)), clause(w("bei", 7))]))
        assertError("*", "empty query", column: 1)
    }

    func testDoubleColonIsAWord() {
        assertTree(
            "Locale::Po4a::Po - PO-Dateien-Manipulationsmodul",
            .loose([clause(w("Locale::Po4a::Po", 0)), clause(w("PO-Dateien-Manipulationsmodul", 19))]))
        assertTree("std::string", w("std::string", 0))
        assertTree("title::x", w("title::x", 0))
    }

    func testSuspendedHyphenIsPartOfTheWord() {
        assertTree(
            "Systemdatum und -zeit",
            .loose([clause(w("Systemdatum", 0)), clause(w("und", 12)), clause(w("-zeit", 16))]))
        assertTree(
            "CUPS-API-, -Compiler- und -Link-Informationen",
            .loose([
                clause(w("CUPS-API-", 0)), clause(w("-Compiler-", 11)), clause(w("und", 22)),
                clause(w("-Link-Informationen", 26)),
            ]))
        // Anything else before the dash keeps it an exclusion, as in Xapian.
        assertTree("uname -m", .loose([clause(w("uname", 0)), clause(w("m", 7), .excluded)]))
        assertTree("Befund -x", .loose([clause(w("Befund", 0)), clause(w("x", 8), .excluded)]))
    }

    func testModifierBeforePunctuationIsPunctuation() {
        assertTree("Rakete -= Start", .loose([clause(w("Rakete", 0)), clause(w("Start", 10))]))
        assertTree("Rakete +*", w("Rakete", 0))
    }
}
