import XCTest

@testable import QueryLanguage

/// A word at a Character offset; the range follows from the text's length.
func word(_ text: String, _ offset: Int) -> QueryWord {
    QueryWord(text: text, range: offset..<(offset + text.count))
}

/// A default-field word node.
func w(_ text: String, _ offset: Int, field: String? = nil) -> QueryNode {
    .word(word(text, offset), field: field)
}

func clause(_ node: QueryNode, _ modifier: Clause.Modifier = .none) -> Clause {
    Clause(modifier: modifier, node: node)
}

func parsed(_ query: String, file: StaticString = #filePath, line: UInt = #line) -> QueryNode? {
    do {
        return try QueryParser.parse(query)
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return nil
    }
}

func assertTree(
    _ query: String, _ expected: QueryNode, file: StaticString = #filePath, line: UInt = #line
) {
    guard let tree = parsed(query, file: file, line: line) else { return }
    XCTAssertEqual(tree, expected, "query: \(query)", file: file, line: line)
}

/// `column` is 1-based, as shown to users.
func assertError(
    _ query: String, _ message: String, column: Int, file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let tree = try QueryParser.parse(query)
        XCTFail("expected error '\(message)', got \(tree)", file: file, line: line)
    } catch {
        XCTAssertEqual(error.message, message, "query: \(query)", file: file, line: line)
        XCTAssertEqual(error.column, column, "query: \(query), message: \(error.message)", file: file, line: line)
        XCTAssertEqual(error.query, query, file: file, line: line)
    }
}
