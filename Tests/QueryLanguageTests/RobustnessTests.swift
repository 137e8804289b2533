import Foundation
import TestSupport
import XCTest

@testable import QueryLanguage

/// The parser sits in front of user input: whatever comes in, it must return
/// a tree or a QuerySyntaxError, quickly.
final class RobustnessTests: XCTestCase {

    private static let fragments: [String] = [
        "\"", "„", "“", "”", "»", "«", "(", ")", "*", ":", "-", "+", ",", ".", "..", "?", "!", "/",
        " ", " ", " ", "\t", "\n", "\u{00A0}", "\u{2028}",
        "AND", "OR", "NOT", "XOR", "NEAR", "NEAR/3", "NEAR/", "ADJ", "ADJ/2", "and",
        "title:", "source:", "id:", "date:", "foo:", "2023", "-05", "-31", "12:30", "https://",
        "Rakete", "Pjöngjang", "ä", "ö", "ü", "ß", "Ä", "🚀", "👩‍👩‍👧", "e\u{301}", "\u{0}", "\u{FEFF}", "日本", "x",
    ]

    private func randomQuery(using generator: inout SplitMix64) -> String {
        let length = Int.random(in: 0...24, using: &generator)
        var query = ""
        for _ in 0..<length {
            if Int.random(in: 0..<8, using: &generator) == 0 {
                // Now and then an arbitrary scalar, to go beyond the alphabet.
                let value = UInt32.random(in: 0...0x1_FFFF, using: &generator)
                if let scalar = Unicode.Scalar(value) { query.unicodeScalars.append(scalar) }
            } else {
                query += Self.fragments.randomElement(using: &generator)!
            }
        }
        return query
    }

    func testRandomInputNeverTraps() {
        var generator = SplitMix64(state: 20_240_517)
        var trees = 0
        var errors = 0
        let start = Date()
        for _ in 0..<5000 {
            let query = randomQuery(using: &generator)
            do {
                _ = try QueryParser.parse(query)
                trees += 1
            } catch {
                errors += 1
                XCTAssertFalse(error.message.isEmpty, "query: \(query.debugDescription)")
                XCTAssertTrue(
                    (0...query.count).contains(error.offset),
                    "offset \(error.offset) outside query \(query.debugDescription)")
                XCTAssertFalse(error.description.contains("\n"))
            }
        }
        // Both outcomes must actually be exercised for the test to mean anything.
        XCTAssertGreaterThan(trees, 100)
        XCTAssertGreaterThan(errors, 100)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testWordRangesPointAtTheirText() {
        var generator = SplitMix64(state: 7)
        for _ in 0..<2000 {
            let query = randomQuery(using: &generator)
            guard let tree = try? QueryParser.parse(query) else { continue }
            let characters = Array(query)
            for word in Self.words(in: tree) {
                XCTAssertTrue(word.range.lowerBound >= 0 && word.range.upperBound <= characters.count)
                XCTAssertEqual(String(characters[word.range]), word.text, "query: \(query.debugDescription)")
            }
        }
    }

    private static func words(in node: QueryNode) -> [QueryWord] {
        switch node {
        case .word(let word, _), .wildcard(let word, _): return [word]
        case .phrase(let words, _): return words
        case .filter, .dateRange: return []
        case .loose(let clauses): return clauses.flatMap { words(in: $0.node) }
        case .and(let nodes), .or(let nodes), .xor(let nodes), .near(let nodes, _, _): return nodes.flatMap(words(in:))
        case .andNot(let left, let right): return words(in: left) + words(in: right)
        case .not(let inner): return words(in: inner)
        }
    }

    func testTenThousandWordsParseInLinearTime() throws {
        func query(_ count: Int) -> String {
            (0..<count).map { $0 % 7 == 0 ? "Kreml-Sprecher," : "Rakete\($0)" }.joined(separator: " ")
        }
        let small = query(10_000)
        let large = query(40_000)
        let smallTime = try measureParse(small)
        let largeTime = try measureParse(large)
        guard case .loose(let clauses) = try QueryParser.parse(small) else {
            return XCTFail("expected a loose group")
        }
        XCTAssertEqual(clauses.count, 10_000)
        XCTAssertLessThan(smallTime, 5)
        // Four times the input; quadratic behaviour would take ~16 times as long.
        XCTAssertLessThan(largeTime, max(smallTime * 10, 0.5))
    }

    /// Best of three, so a busy machine does not make the ratio flaky.
    private func measureParse(_ query: String) throws -> TimeInterval {
        var best = TimeInterval.infinity
        for _ in 0..<3 {
            let start = Date()
            _ = try QueryParser.parse(query)
            best = min(best, Date().timeIntervalSince(start))
        }
        return best
    }

    func testLongOperatorChainsStayFlat() throws {
        let ors = (0..<10_000).map { "w\($0)" }.joined(separator: " OR ")
        guard case .or(let operands) = try QueryParser.parse(ors) else { return XCTFail("expected OR") }
        XCTAssertEqual(operands.count, 10_000)

        let nots = "a" + String(repeating: " NOT b AND c", count: 5_000)
        guard case .andNot(.and(let kept), .or(let dropped)) = try QueryParser.parse(nots) else {
            return XCTFail("expected a flat AND NOT")
        }
        XCTAssertEqual(kept.count, 5_001)
        XCTAssertEqual(dropped.count, 5_000)

        let near = (0..<10_000).map { "w\($0)" }.joined(separator: " NEAR ")
        guard case .near(let positions, _, _) = try QueryParser.parse(near) else { return XCTFail("expected NEAR") }
        XCTAssertEqual(positions.count, 10_000)
    }

    func testManyPrefixNotsDoNotNest() {
        assertTree(String(repeating: "NOT ", count: 10_001) + "a", .not(w("a", 40_004)))
        assertTree(String(repeating: "NOT ", count: 10_000) + "a", w("a", 40_000))
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 100_000) + "a"
        assertError(deep, "parentheses nested too deeply (limit 100)", column: 101)
        let fields = String(repeating: "title:(", count: 200)
        assertError(fields, "field 'title' cannot be used inside title:(…)", column: 8)
        let modified = String(repeating: "-(", count: 10_000)
        assertError(modified, "parentheses nested too deeply (limit 100)", column: 202)
    }

    func testLongUnterminatedPhraseIsLinear() {
        let query = "\"" + String(repeating: "Rakete ", count: 50_000)
        let start = Date()
        assertError(query, "unterminated phrase: missing closing quote for '\"'", column: 1)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}
