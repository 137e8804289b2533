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

    func testEmptyParentheses() {
        assertError("Rakete ()", "empty parentheses", column: 8)
    }

    func testOperatorWithoutRightOperand() {
        assertError("Rakete AND", "missing search term after 'AND'", column: 11)
        assertError("Rakete OR", "missing search term after 'OR'", column: 10)
        assertError("Rakete XOR", "missing search term after 'XOR'", column: 11)
        assertError("Rakete NOT", "missing search term after 'NOT'", column: 11)
        assertError("Rakete AND NOT", "missing search term after 'AND NOT'", column: 15)
        assertError("(Rakete AND) b", "missing search term after 'AND'", column: 12)
        assertError("a AND OR b", "missing search term after 'AND'", column: 7)
    }

    func testOperatorWithoutLeftOperand() {
        assertError("OR Rakete", "'OR' needs a search term before it", column: 1)
        assertError("AND Rakete", "'AND' needs a search term before it", column: 1)
        assertError("XOR Rakete", "'XOR' needs a search term before it", column: 1)
        assertError("a (OR b)", "'OR' needs a search term before it", column: 4)
        assertError("NOT OR b", "missing search term after 'NOT'", column: 5)
    }

    func testNotAlone() {
        assertError("NOT", "missing search term after 'NOT'", column: 4)
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
        let query = String(repeating: "Rakete ", count: 100) + "AND"
        do {
            _ = try QueryParser.parse(query)
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.column, 704)
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertLessThan(error.description.count, 250)
            XCTAssertTrue(error.description.hasSuffix("…\": missing search term after 'AND' at column 704"))
        }
    }

    func testFirstProblemFromTheLeftIsReported() {
        // The lexer reads lazily, so a later lexical problem does not mask an
        // earlier grammatical one.
        assertError(") \"unterminated", "unmatched ')'", column: 1)
        assertError("foo:bar (", "unknown field 'foo' (known fields: title, source, id, date)", column: 1)
    }
}
