import XCTest

@testable import QueryLanguage

final class FieldTests: XCTestCase {
    func testTitleWord() {
        assertTree("title:Rakete", w("Rakete", 6, field: "title"))
    }

    func testFieldNamesIgnoreCase() {
        assertTree("Title:Rakete", w("Rakete", 6, field: "title"))
        assertTree("SOURCE:zeit", .filter(field: "source", value: "zeit"))
    }

    func testTitlePhrase() {
        assertTree("title:\"Kim Jong\"", .phrase([word("Kim", 7), word("Jong", 11)], field: "title"))
    }

    func testTitleWildcard() {
        assertTree("title:Rak*", .wildcard(word("Rak", 6), field: "title"))
    }

    func testTitleGroup() {
        assertTree(
            "title:(Rakete OR \"Kim Jong\") Start",
            .loose([
                clause(.or([
                    w("Rakete", 7, field: "title"),
                    .phrase([word("Kim", 18), word("Jong", 22)], field: "title"),
                ])),
                clause(w("Start", 29)),
            ]))
    }

    func testSourceFilter() {
        assertTree("source:zeit.de", .filter(field: "source", value: "zeit.de"))
    }

    func testQuotedSourceKeepsSpaces() {
        assertTree("source:\"Die Zeit\" Rakete", .loose([
            clause(.filter(field: "source", value: "Die Zeit")), clause(w("Rakete", 18)),
        ]))
        assertTree("source:„Die Zeit“", .filter(field: "source", value: "Die Zeit"))
    }

    func testIdWithSlashesDashesDotsUnderscores() {
        assertTree("id:manpages/000001", .filter(field: "id", value: "manpages/000001"))
        assertTree("id:a-b.c_d/e", .filter(field: "id", value: "a-b.c_d/e"))
        assertTree("source:https://zeit.de", .filter(field: "source", value: "https://zeit.de"))
    }

    func testExactValueDropsSentencePunctuationButNotDots() {
        assertTree("id:x/1, Rakete", .loose([clause(.filter(field: "id", value: "x/1")), clause(w("Rakete", 8))]))
        assertTree("id:x.", .filter(field: "id", value: "x."))
    }

    func testExactFieldGroup() {
        assertTree(
            "source:(Zeit OR \"Der Spiegel\")",
            .or([.filter(field: "source", value: "Zeit"), .filter(field: "source", value: "Der Spiegel")]))
    }

    func testExcludedFilter() {
        assertTree("Rakete -source:Zeit", .loose([
            clause(w("Rakete", 0)), clause(.filter(field: "source", value: "Zeit"), .excluded),
        ]))
    }

    func testFilterCombinedWithBooleans() {
        assertTree(
            "Rakete AND (source:zeit OR id:x/1)",
            .and([w("Rakete", 0), .or([.filter(field: "source", value: "zeit"), .filter(field: "id", value: "x/1")])]))
    }

    func testUnknownField() {
        assertError("foo:bar", "unknown field 'foo' (known fields: title, source, id, from, date)", column: 1)
        assertError("Rakete Titel:Start", "unknown field 'Titel' (known fields: title, source, id, from, date)", column: 8)
        assertError("foo:\"bar\"", "unknown field 'foo' (known fields: title, source, id, from, date)", column: 1)
    }

    func testEmptyFieldValue() {
        assertError("title:", "missing value after 'title:'", column: 7)
        assertError("title: Rakete", "missing value after 'title:'", column: 7)
        assertError("(source:)", "missing value after 'source:'", column: 9)
        assertError("id:,", "missing value after 'id:'", column: 4)
        assertError("title:...", "missing value after 'title:'", column: 7)
    }

    func testEmptyFieldGroup() {
        // Unlike a plain empty group, which is dropped: `title:` promises a value.
        assertError("title:()", "empty parentheses", column: 1)
        assertError("title:((=))", "empty parentheses", column: 1)
    }

    func testNestedFieldIsAnError() {
        assertError("title:(a source:b)", "field 'source' cannot be used inside title:(…)", column: 10)
    }

    func testWildcardInExactFieldIsAnError() {
        assertError("source:(Zeit*)", "wildcards cannot be used in 'source:' values", column: 9)
    }

    func testUnclosedFieldGroup() {
        assertError("title:(a OR b", "missing ')'", column: 14)
    }
}
