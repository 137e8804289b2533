import XCTest

@testable import QueryLanguage

final class ErrorTests: XCTestCase {
    func testEmptyQuery() {
        assertError("", "empty query", column: 1)
        assertError("   \n\t ", "empty query", column: 1)
        assertError(" ?! , - ", "empty query", column: 1)
    }

    func testMissingClosingParenthesis() {
        assertError("(Rakete OR Start", "missing ')'", column: 17)
        assertError("((a) b", "missing ')'", column: 7)
    }

    func testMissingParenthesisIsReportedBeforeMissingOperand() {
        assertError("(Rakete OR", "missing ')'", column: 11)
    }

    func testUnmatchedClosingParenthesis() {
        assertError("Rakete)", "unmatched ')'", column: 7)
        assertError(") Rakete", "unmatched ')'", column: 1)
        assertError("(a) b)", "unmatched ')'", column: 6)
    }

    /// Operators missing an operand at the edges are words (LeniencyTests);
    /// two operators in a row are a typo worth pointing out.
    func testOperatorFollowedByOperator() {
        assertError("a AND OR b", "missing search term after 'AND'", column: 7)
        assertError("a OR XOR b", "missing search term after 'OR'", column: 6)
        assertError("a NEAR AND b", "missing search term after 'NEAR'", column: 8)
        assertError("NOT OR b", "missing search term after 'NOT'", column: 5)
        assertError("a AND NOT OR b", "missing search term after 'AND NOT'", column: 11)
    }

    func testNestingLimit() {
        let deep = String(repeating: "(", count: 101) + "a" + String(repeating: ")", count: 101)
        assertError(deep, "parentheses nested too deeply (limit 100)", column: 101)
        let allowed = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        assertTree(allowed, w("a", 100))
    }

    func testDescriptionIsOneLineWithColumn() {
        let error = QuerySyntaxError(message: "missing ')'", offset: 10, query: "(Rakete OR")
        XCTAssertEqual(error.description, "query \"(Rakete OR\": missing ')' at column 11")
        XCTAssertEqual("\(error)", error.description)
    }

    func testDescriptionEscapesQuotesAndNewlines() {
        let error = QuerySyntaxError(message: "empty phrase", offset: 2, query: "a\n\"\"")
        XCTAssertEqual(error.description, "query \"a\\n\\\"\\\"\": empty phrase at column 3")
    }

    func testDescriptionShortensLongQueries() {
        let query = String(repeating: "Rakete ", count: 100) + "(Start"
        do {
            _ = try QueryParser.parse(query)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.column, 707)
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertLessThan(error.description.count, 250)
            XCTAssertTrue(error.description.hasSuffix("…\": missing ')' at column 707"))
        }
    }

    func testFirstProblemFromTheLeftIsReported() {
        // The lexer reads lazily, so a later lexical problem does not mask an
        // earlier grammatical one.
        assertError(") \"unterminated", "unmatched ')'", column: 1)
        assertError("foo:bar (", "unknown field 'foo' (known fields: title, source, id, from, date)", column: 1)
        // Deciding whether an operator is a word does not read past a typo.
        assertError("a AND AND \"x", "missing search term after 'AND'", column: 7)
        assertError("a NEAR NOT \"x", "missing search term after 'NEAR'", column: 8)
        // Open parentheses held back to spot empty groups are not either.
        let deep = String(repeating: "(", count: 101) + "\"x"
        assertError(deep, "parentheses nested too deeply (limit 100)", column: 101)
    }
}
