import Foundation
import GermanAnalysis
import TestSupport
import XCTest

@testable import FundusCore

/// Issue 7, "Reliability and hostile input", search side: whatever text a
/// user types, `Searcher.search` and `Searcher.count` return a result or throw
/// `FundusError(.badQuery)` with a one-line message. Any other error (a Xapian
/// exception leaking out as `.database`, say) or a crash fails.
///
/// The queries come from a seeded generator, so a failure names the seed and
/// the case number and can be replayed exactly: set `FUNDUS_FUZZ_CASES` to
/// run more (or fewer) cases than the default, `FUNDUS_FUZZ_SEED` to change
/// the seed.
final class QueryFuzzTests: XCTestCase {
    /// About 20 s in a debug build (see RELIABILITY.md), so that the whole
    /// class stays near a minute even while testTenThousandWordQueryAnswersInSeconds
    /// takes its 30 s to fail.
    static let defaultCases = 40_000
    static let defaultSeed: UInt64 = 0x00F0_5D05_2024_0007

    var directory: URL!
    var searcher: Searcher!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("db").path
        let lexicon = Lexicon(words: ["rakete", "raketen", "start", "abwehr", "satellit", "bruecke", "wetter", "bericht",
                                      "wald", "brand", "strecke", "kurz"])
        let writer = try IndexWriter(path: db, lexicon: lexicon)
        for document in Self.documents { try writer.add(document) }
        try writer.close()
        searcher = try Searcher(path: db)
    }

    override func tearDownWithError() throws {
        searcher = nil
        try? FileManager.default.removeItem(at: directory)
    }

    static let documents: [SourceDocument] = [
        SourceDocument(id: "nk-1", title: "Nordkorea feuert Raketen ab",
                       text: "Das Militär in Pjöngjang hat am Morgen zwei Kurzstreckenraketen gestartet.\n\n"
                           + "Die Raketenabwehr Südkoreas verfolgte den Start. Kim Jong Un war anwesend.",
                       date: "2024-03-18", source: "dpa"),
        SourceDocument(id: "wetter/2023/07", title: "Wetterbericht",
                       text: "Der Waldbrand in Brandenburg breitet sich aus; die Feuerwehr spricht von Straßen, "
                           + "die gesperrt bleiben. Am Wochenende soll es regnen, sagt der Wetterdienst. "
                           + String(repeating: "Die Brücke über die Elbe bleibt gesperrt, der Verkehr staut sich. ", count: 8),
                       date: "2023-07-14", source: "Die Zeit"),
        SourceDocument(id: "sat 3/ä", title: "Satellit im Orbit",
                       text: "Ein Satellit wurde gestartet. Café, naïve, e\u{301}, 🚀 und 👩‍👩‍👧 stehen im Text; "
                           + "שלום und مرحبا auch. Systemdatum und -zeit, Kreml-Sprecher, Locale::Po4a.",
                       date: "2022-01-01", source: "Eigene Quelle", url: "https://example.org/sat"),
        SourceDocument(id: "ohne-datum", title: "",
                       text: "Straße, Strasse, Suedkorea, Südkorea. Wann wurde die Stadt gegründet? Und warum?"),
    ]

    // MARK: - the test

    func testRandomQueriesReturnResultsOrBadQuery() throws {
        let environment = ProcessInfo.processInfo.environment
        let cases = environment["FUNDUS_FUZZ_CASES"].flatMap(Int.init) ?? Self.defaultCases
        let seed = environment["FUNDUS_FUZZ_SEED"].flatMap { UInt64($0) } ?? Self.defaultSeed
        var generator = QueryGenerator(seed: seed)
        var checker = Checker(searcher: searcher)
        let start = Date()
        for number in 0..<cases {
            let (kind, query) = generator.next()
            checker.check(query, kind: kind, number: number, options: generator.options())
        }
        let seconds = Date().timeIntervalSince(start)
        checker.report(cases: cases, seed: seed, seconds: seconds)
        // Both outcomes must be exercised, or the generator has gone wrong.
        XCTAssertGreaterThan(checker.results, cases / 10)
        XCTAssertGreaterThan(checker.badQueries, cases / 20)
    }

    /// A 10,000-term query of each shape: each must come back with a result
    /// or `.badQuery`, and in reasonable time, not only short ones.
    func testTenThousandTermQueries() throws {
        var generator = QueryGenerator(seed: 10_000)
        var checker = Checker(searcher: searcher)
        let queries: [(String, String)] = [
            ("10k NEAR/3", (0..<10_000).map(Self.term).joined(separator: " NEAR/3 ")),
            ("10k ADJ", (0..<10_000).map(Self.term).joined(separator: " ADJ ")),
            ("10k wildcards", (0..<10_000).map { String(Self.term($0).prefix(3)) + "*" }.joined(separator: " ")),
            ("10k-word phrase", "\"" + (0..<10_000).map(Self.term).joined(separator: " ") + "\""),
            ("10k filters", (0..<10_000).map { $0 % 2 == 0 ? "source:dpa" : "date:2024" }.joined(separator: " ")),
            ("10k random fragments", (0..<10_000).map { _ in generator.fragment() }.joined(separator: " ")),
            ("10k random fragments", (0..<10_000).map { _ in generator.fragment() }.joined(separator: " ")),
            ("10k operators", (0..<10_000).map { _ in generator.pick(QueryGenerator.operators) }.joined(separator: " ")),
            ("one 10k-letter word", String(repeating: "Raketenstart", count: 834)),
            ("one 100k-letter word", String(repeating: "a", count: 100_000)),
        ]
        for (number, (kind, query)) in queries.enumerated() {
            let start = Date()
            checker.check(query, kind: kind, number: number, options: SearchOptions())
            let seconds = Date().timeIntervalSince(start)
            print("QueryFuzzTests: \(kind): \(String(format: "%.2f", seconds)) s")
            XCTAssertLessThan(seconds, 10, "\(kind) took \(String(format: "%.1f", seconds)) s")
        }
        checker.report(cases: queries.count, seed: 10_000, seconds: nil)
    }

    /// BUG (issue 7): a query of 10,000 plain words (about 100 KB of pasted
    /// text) takes 15-60 s in a debug build, because Fundus hands Xapian an
    /// OR/AND of 10,000 subqueries (three terms each) and Xapian 1.4's
    /// matcher is quadratic in the number of subqueries (a C++ -O2 program
    /// running an OR of 10,000 two-term ORs on the same index takes 54 s, so
    /// a release build is no better). The
    /// same holds for 10,000 words joined by OR or AND, +/-words and
    /// title:words. Nothing caps the number of query words. Expected: a
    /// result in a few seconds, or `.badQuery` ("query too long").
    func testTenThousandWordQueryAnswersInSeconds() throws {
        var checker = Checker(searcher: searcher)
        let query = (0..<10_000).map(Self.term).joined(separator: " ")
        let start = Date()
        checker.check(query, kind: "10k plain words", number: 0, options: SearchOptions())
        let seconds = Date().timeIntervalSince(start)
        print("QueryFuzzTests: 10k plain words: \(String(format: "%.2f", seconds)) s")
        checker.report(cases: 1, seed: 0, seconds: seconds)
        XCTAssertLessThan(seconds, 5, "a 10,000-word query took \(String(format: "%.1f", seconds)) s")
    }

    /// BUG (issue 7): a wildcard as an operand of NEAR or ADJ makes Xapian
    /// throw "OP_NEAR and OP_PHRASE only currently support leaf subqueries",
    /// which reaches the user as an index error (`.database`, exit 2:
    /// "index …: Xapian error: …") instead of a result or a `.badQuery`.
    /// QueryBuilder.positional(_:positive:) returns `Query.wildcard(…)` (an
    /// OP_WILDCARD, which Xapian expands to OP_SYNONYM) as a NEAR/PHRASE
    /// subquery; Xapian only accepts terms and plain ORs of terms there.
    func testWildcardAsNearOperand() throws {
        for query in ["Rakete NEAR Sat*", "Sat* NEAR Start", "Rakete ADJ/2 Kurz*", "\"Kim Jong\" NEAR Rak*", "Sat* NEAR zzz*"] {
            XCTAssertNoThrow(try searcher.search(query), query)
            XCTAssertNoThrow(try searcher.count(query), query)
        }
    }

    /// BUG (issue 7): a `date:` value in quotes may hold line breaks, and the
    /// error message quotes the value raw: `date:"2023\nRakete"` gives
    /// `query "date:\"2023\nRakete\"": invalid date '2023<LF>Rakete': …`, two
    /// lines on stderr (and raw ESC/CR/U+2028 too). The query part of the
    /// message is escaped by QuerySyntaxError.oneLine, the value is not:
    /// DateRange.swift builds "invalid date '\(text)'" (line 54) and
    /// "invalid date range '\(value)'" (lines 19, 33) from the phrase's raw
    /// text, which Parser.swift line 288 passes for `date:"…"`.
    func testBadQueryMessageStaysOnOneLine() throws {
        let queries = ["date:\"2023\nRakete\"", "date:\"2023..\r\n2022\"", "date:\"2023\u{2028}x\"",
                       "date:\"x\u{85}y\"", "date:\"2023 .. 2024\u{0B}..\"", "date:\"2024..2023\n\""]
        for query in queries {
            XCTAssertThrowsError(try searcher.search(query), query.debugDescription) { error in
                guard let error = error as? FundusError else { return XCTFail("\(type(of: error)): \(error)") }
                XCTAssertEqual(error.code, .badQuery)
                XCTAssertFalse(error.message.unicodeScalars.contains(where: Checker.isLineBreak),
                               "message spans lines: \(error.message.debugDescription)")
            }
        }
    }

    static let termWords = ["Rakete", "Start", "Waldbrand", "Brücke", "Satellit", "Kim", "unbekannt", "Strasse", "die"]

    /// Word `i` of a long query: the words repeat, every third one is unique.
    static func term(_ i: Int) -> String { termWords[i % termWords.count] + (i % 3 == 0 ? "\(i)" : "") }

    func testDeeplyNestedParentheses() throws {
        var checker = Checker(searcher: searcher)
        var queries: [String] = []
        for depth in [1, 2, 50, 99, 100, 101, 1000, 100_000] {
            let open = String(repeating: "(", count: depth), close = String(repeating: ")", count: depth)
            queries += [
                open + "Rakete" + close,
                open + "Rakete",
                "Rakete" + close,
                String(repeating: "(Rakete OR ", count: depth) + "Start" + close,
                String(repeating: "NOT (", count: depth) + "Rakete" + close,
                String(repeating: "-(", count: depth) + "Rakete" + close,
                String(repeating: "+(", count: depth) + "Rakete" + close,
                String(repeating: "title:(", count: min(depth, 3)) + "Rakete" + close,
                String(repeating: "(\"", count: depth) + "Rakete",
                String(repeating: "(Rakete NEAR ", count: depth) + "Start" + close,
                String(repeating: "(A ADJ/2 (B XOR ", count: depth) + "C" + String(repeating: "))", count: depth),
                String(repeating: "()", count: depth) + "Rakete",
                String(repeating: ")(", count: depth),
                String(repeating: "(", count: depth) + String(repeating: ")", count: depth),
            ]
        }
        for (number, query) in queries.enumerated() {
            checker.check(query, kind: "nesting", number: number, options: SearchOptions())
        }
        checker.report(cases: queries.count, seed: 0, seconds: nil)
        XCTAssertGreaterThan(checker.results, 10)
        XCTAssertGreaterThan(checker.badQueries, 10)
    }
}

// MARK: - checking one query

/// Runs a query through `search` and `count` and records anything that is
/// neither a result nor a proper `.badQuery` error. Failures are grouped by
/// kind so that one bug does not bury the report under thousands of lines.
private struct Checker {
    let searcher: Searcher
    var results = 0
    var badQueries = 0
    var failures = 0
    /// One example per distinct failure.
    var examples: [String: String] = [:]

    init(searcher: Searcher) { self.searcher = searcher }

    mutating func check(_ query: String, kind: String, number: Int, options: SearchOptions) {
        let searchOutcome = outcome { try searcher.search(query, options: options) }
        let countOutcome = outcome { try searcher.count(query, options: options) }
        switch searchOutcome {
        case .result(let result):
            results += 1
            validate(result, query: query, kind: kind, number: number, options: options)
        case .badQuery(let message):
            badQueries += 1
            validate(message: message, query: query, kind: kind, number: number, api: "search")
        case .failure(let description):
            fail("search threw \(description)", query: query, kind: kind, number: number)
        }
        switch countOutcome {
        case .result(let n):
            if n < 0 { fail("count returned \(n)", query: query, kind: kind, number: number) }
        case .badQuery(let message):
            validate(message: message, query: query, kind: kind, number: number, api: "count")
        case .failure(let description):
            fail("count threw \(description)", query: query, kind: kind, number: number)
        }
        // The same text is either a query or not, whichever call reads it.
        if searchOutcome.isBadQuery != countOutcome.isBadQuery {
            fail("search and count disagree on whether the query is bad", query: query, kind: kind, number: number)
        }
    }

    enum Outcome<T> {
        case result(T)
        case badQuery(String)
        case failure(String)

        var isBadQuery: Bool { if case .badQuery = self { return true } else { return false } }
    }

    private func outcome<T>(_ body: () throws -> T) -> Outcome<T> {
        do {
            return .result(try body())
        } catch let error as FundusError {
            guard error.code == .badQuery else { return .failure("FundusError(.\(error.code)): \(error.message)") }
            return .badQuery(error.message)
        } catch {
            return .failure("\(type(of: error)): \(error)")
        }
    }

    private mutating func validate(message: String, query: String, kind: String, number: Int, api: String) {
        if message.isEmpty { fail("\(api): empty .badQuery message", query: query, kind: kind, number: number) }
        if message.unicodeScalars.contains(where: Self.isLineBreak) {
            fail("\(api): .badQuery message spans lines: \(message.debugDescription.prefix(300))", query: query,
                 kind: kind, number: number)
        }
    }

    private mutating func validate(_ result: SearchResult, query: String, kind: String, number: Int,
                                   options: SearchOptions) {
        if result.hits.count > max(options.limit, 0) {
            fail("\(result.hits.count) hits for limit \(options.limit)", query: query, kind: kind, number: number)
        }
        for hit in result.hits {
            // Printers index the snippet's UTF-8 view with these offsets.
            let bytes = hit.snippet.utf8.count
            for range in hit.highlights where range.lowerBound < 0 || range.upperBound > bytes {
                fail("highlight \(range) outside snippet of \(bytes) bytes", query: query, kind: kind, number: number)
            }
        }
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    private mutating func fail(_ what: String, query: String, kind: String, number: Int) {
        failures += 1
        // Group by the message without digits, so one bug is one entry.
        let key = String(what.prefix(120).filter { !$0.isNumber })
        if examples[key] == nil, examples.count < 30 {
            let shown = query.count > 200 ? String(query.prefix(200)) + "…(\(query.count) characters)" : query
            examples[key] = "case \(number) [\(kind)]: \(what)\n    query: \(shown.debugDescription)"
        }
    }

    func report(cases: Int, seed: UInt64, seconds: Double?, file: StaticString = #filePath, line: UInt = #line) {
        let time = seconds.map { String(format: " in %.1f s", $0) } ?? ""
        print("QueryFuzzTests: \(cases) cases (seed \(seed))\(time): \(results) results, \(badQueries) bad queries, "
            + "\(failures) failures")
        for example in examples.values.sorted() { XCTFail(example, file: file, line: line) }
    }
}

// MARK: - the generator

/// Builds hostile queries of several kinds. Everything random goes through
/// `rng`, so a seed fixes the whole sequence.
private struct QueryGenerator {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static let words = [
        "Rakete", "Raketen", "Kurzstreckenraketen", "Start", "gestartet", "Pjöngjang", "Pjoengjang", "Südkorea",
        "Suedkorea", "Straße", "Strasse", "Waldbrand", "Brücke", "Bruecke", "Satellit", "Satelit", "Kim", "Jong", "Un",
        "Wetterbericht", "Kreml-Sprecher", "-zeit", "Café", "naïve", "e\u{301}", "🚀", "die", "und", "wann", "wurde",
        "and", "or", "not", "x", "ä", "ß", "日本", "שלום", "مرحبا", "Locale::Po4a", "12:30", "https://example.org/a",
        "news/42", "nk-1", "Elbe", "Militär", "Orbit", "Quelle",
    ]

    static let operators = [
        "AND", "OR", "NOT", "XOR", "AND NOT", "NEAR", "ADJ", "NEAR/1", "NEAR/5", "NEAR/1000", "ADJ/1", "ADJ/3",
        "ADJ/1000", "NEAR/0", "NEAR/1001", "NEAR/99999", "NEAR/-1", "NEAR/", "ADJ/", "NEAR/x", "NEAR/٣", "NEAR//2",
        "NEAR/3/4", "+", "-", "*", "**", "Near", "near/3", "AND AND", "OR OR", "NOT NOT",
    ]

    static let fieldNames = ["title", "source", "id", "date", "Title", "TITLE", "SOURCE", "foo", "farbe", "tïtle", "ti tle",
                             "a", "Ä", "日本", "", "http", "https"]

    static let dates = [
        "2023", "2023-05", "2023-5", "2023-05-17", "2023-5-7", "2024-02-29", "2023-02-29", "2023-02-30", "2023-13",
        "2023-00", "2023-04-31", "2023-12-32", "0000", "0001", "9999-12-31", "99999", "20230", "2023-", "-2023",
        "2023-05-17-01", "..", "...", "....", "..2023-06-30", "2023..", "2023-01-01..2023-12-31", "2023..2022",
        "2022..2023", "2023-05..2023-05", "2023-12-31..2023-01-01", "2023..2024..2025", "x..y", "２０２３", "٢٠٢٣",
        "+2023", "2023-+1", "2023-05-17T10:00", "2023/05/17", "", "(2023)", "\"2023\"", "2023*", "2023 2024",
    ]

    static let quotes = ["\"", "„", "“", "”", "»", "«", "'", "‚", "‘", "`"]

    /// Scalars chosen to upset text handling.
    static let nastyScalars: [UInt32] = [
        0x00, 0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9C, 0x9D, 0xA0,
        0xAD, 0x034F, 0x0301, 0x0308, 0x0327, 0x20DD, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029,
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0x3000, 0xFE0F, 0xFEFF,
        0xFFF9, 0xFFFC, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F1E9, 0x1F1EA, 0x1F3FD, 0xE0001, 0xE0041, 0xE007F, 0xF0000,
        0x10FFFF, 0x0E01, 0x0E33, 0x1100, 0x1161, 0x11A8, 0x0130, 0x0131, 0x1E9E, 0xFB00, 0xFB03, 0x2126, 0x212A,
    ]

    /// Unicode ranges to draw random scalars from.
    static let ranges: [ClosedRange<UInt32>] = [
        0x00...0x7F, 0x80...0xFF, 0x0300...0x036F, 0x0590...0x05FF, 0x0600...0x06FF, 0x0900...0x097F,
        0x1F300...0x1FAFF, 0x2000...0x206F, 0xE000...0xF8FF, 0x4E00...0x9FFF, 0x0000...0x10FFFF,
    ]

    mutating func scalar() -> String {
        if chance(40) { return String(Character(Unicode.Scalar(pick(Self.nastyScalars))!)) }
        let range = pick(Self.ranges)
        var value = UInt32.random(in: range, using: &rng)
        if (0xD800...0xDFFF).contains(value) { value = 0xFFFD }  // surrogates are not scalars
        return String(Unicode.Scalar(value).map(Character.init) ?? "\u{FFFD}")
    }

    mutating func word() -> String {
        var w = pick(Self.words)
        if chance(15) { w = w.uppercased() }
        if chance(10) { w += scalar() }
        if chance(5) { w = scalar() + w }
        return w
    }

    mutating func field() -> String {
        let name = chance(70) ? pick(["title", "source", "id", "date"]) : pick(Self.fieldNames)
        let value: String
        switch int(0...7) {
        case 0: value = pick(Self.dates)
        case 1: value = pick(Self.quotes) + word() + " " + word() + (chance(70) ? pick(Self.quotes) : "")
        case 2: value = "(" + word() + " " + pick(Self.operators) + " " + word() + (chance(70) ? ")" : "")
        case 3: value = ""
        case 4: value = word() + (chance(50) ? "*" : "")
        case 5: value = pick(["news/42", "nk-1", "sat 3/ä", "dpa", "Die Zeit", "a:b", ":", "::", "//x", "*"])
        default: value = name.lowercased() == "date" ? pick(Self.dates) : word()
        }
        return name + ":" + value
    }

    mutating func fragment() -> String {
        switch int(0...99) {
        case 0..<30: return word()
        case 30..<45: return pick(Self.operators)
        case 45..<55: return field()
        case 55..<62: return pick(Self.quotes)
        case 62..<70: return pick(["(", ")", "(", ")", "()", ")(", "((", "))"])
        case 70..<76: return word() + pick(["*", "*", "**", "*x", "?", "*)"])
        case 76..<80: return pick(["+", "-", "--", "+-", "-+"]) + word()
        case 80..<85: return "date:" + pick(Self.dates)
        case 85..<93: return scalar()
        default: return pick([":", "::", ",", ".", "..", "/", "\\", "\\\"", "\t", "\n", "\r\n", " ", "  ", "…", "&&", "||", "!"])
        }
    }

    /// A random syntax tree printed as text: mostly well formed, so that the
    /// query builder and Xapian see deep and odd shapes, not only errors.
    mutating func expression(depth: Int) -> String {
        if depth <= 0 || chance(35) {
            switch int(0...9) {
            case 0: return field()
            case 1: return "\"" + (0..<int(1...4)).map { _ in word() }.joined(separator: " ") + "\""
            case 2: return word() + "*"
            case 3: return pick(["+", "-"]) + word()
            case 4: return "date:" + pick(Self.dates)
            default: return word()
            }
        }
        let count = int(2...4)
        let op = pick(["AND", "OR", "XOR", "NOT", "AND NOT", "NEAR", "ADJ/2", "NEAR/7", " ", "+", "-"])
        let parts = (0..<count).map { _ in expression(depth: depth - 1) }
        let joined: String
        if op == "+" || op == "-" {
            joined = parts.map { op + $0 }.joined(separator: " ")
        } else {
            joined = parts.joined(separator: " \(op) ")
        }
        return chance(60) ? "(" + joined + ")" : joined
    }

    /// One small random edit: a query that is almost right is the best probe.
    mutating func mutate(_ text: String) -> String {
        var characters = Array(text)
        for _ in 0..<int(1...3) {
            let index = characters.isEmpty ? 0 : int(0...characters.count)
            switch int(0...3) {
            case 0 where !characters.isEmpty && index < characters.count: characters.remove(at: index)
            case 1: characters.insert(contentsOf: Array(fragment()), at: index)
            case 2: characters.insert(contentsOf: Array(pick(["(", ")", "\"", "*", ":", "-", "+", "/"])), at: index)
            default: characters.insert(contentsOf: Array(scalar()), at: index)
            }
        }
        return String(characters)
    }

    /// The next query and the name of the generator that made it.
    mutating func next() -> (String, String) {
        switch int(0...99) {
        case 0..<25:
            return ("fragments", (0..<int(0...16)).map { _ in fragment() }.joined(separator: chance(80) ? " " : ""))
        case 25..<40:
            return ("unicode", (0..<int(1...24)).map { _ in chance(70) ? scalar() : word() }.joined())
        case 40..<58:
            return ("expression", expression(depth: int(0...4)))
        case 58..<75:
            return ("mutated", mutate(expression(depth: int(0...3))))
        case 75..<82:
            let quote = pick(Self.quotes)
            return ("quotes", (0..<int(1...6)).map { _ in chance(40) ? quote : word() }.joined(separator: " "))
        case 82..<89:
            return ("operators", (0..<int(1...8)).map { _ in chance(70) ? pick(Self.operators) : word() }
                .joined(separator: " "))
        case 89..<95:
            return ("fields", (0..<int(1...4)).map { _ in field() }.joined(separator: chance(80) ? " " : ""))
        case 95..<98:
            return ("long", (0..<int(100...1500)).map { _ in fragment() }.joined(separator: " "))
        default:
            let depth = int(1...130)
            return ("nesting", String(repeating: pick(["(", "NOT (", "-(", "+(", "title:("]), count: depth) + word()
                + String(repeating: ")", count: int(0...depth + 1)))
        }
    }

    /// Options vary too: paging, sorting, snippets and explanations take other paths.
    mutating func options() -> SearchOptions {
        var options = SearchOptions()
        if chance(20) { options.limit = int(0...50) }
        if chance(10) { options.offset = int(0...5) }
        if chance(20) { options.allPassages = true }
        if chance(15) { options.sort = .date }
        if chance(15) { options.snippetCharacters = pick([0, 1, 5, 20, 1000]) }
        if chance(10) { options.explain = true }
        if chance(10) { options.ranking.requireAll = 0 }
        return options
    }
}
