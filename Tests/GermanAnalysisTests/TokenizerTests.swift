import GermanAnalysis
import XCTest

final class TokenizerTests: XCTestCase {
    let analyzer = Analyzer(stemmer: FakeStemmer())

    func words(_ text: String) -> [String] { analyzer.analyze(text).map(\.exact) }

    func testRangesArePreciseUTF8ByteOffsets() {
        let text = "Südkorea meldet: Pjöngjang schweigt."
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["suedkorea", "meldet", "pjoengjang", "schweigt"])
        XCTAssertEqual(tokens.map(\.range), [0..<9, 10..<16, 18..<28, 29..<37])
        XCTAssertEqual(tokens.map { text.slice($0.range) }, ["Südkorea", "meldet", "Pjöngjang", "schweigt"])
    }

    func testPositionsAreConsecutiveFromTheStartPosition() {
        XCTAssertEqual(analyzer.analyze("Ein Boot, zwei Boote").map(\.position), [1, 2, 3, 4])
        XCTAssertEqual(analyzer.analyze("Ein Boot, zwei Boote", startPosition: 40).map(\.position), [40, 41, 42, 43])
    }

    func testHyphenatedWordsGiveOneTokenPerPart() {
        let text = "Der Kreml-Sprecher lobte Atom-U-Boote."
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["der", "kreml", "sprecher", "lobte", "atom", "u", "boote"])
        XCTAssertEqual(tokens.map(\.position), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(tokens.map { text.slice($0.range) }, ["Der", "Kreml", "Sprecher", "lobte", "Atom", "U", "Boote"])
    }

    func testUnicodeHyphensSeparateToo() {
        let text = "Atom\u{2010}U\u{2011}Boote"
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["atom", "u", "boote"])
        XCTAssertEqual(tokens.map(\.range), [0..<4, 7..<8, 11..<16])
    }

    func testCombiningDiaeresisIsComposedBeforeFolding() {
        let text = "Su\u{308}dkorea und Su\u{308}d"
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["suedkorea", "und", "sued"])
        XCTAssertEqual(tokens[0].range, 0..<10)  // the range keeps the decomposed bytes
        XCTAssertEqual(tokens[0].exact, analyzer.analyze("Südkorea")[0].exact)
    }

    func testSoftHyphenAndZeroWidthCharactersAreInvisibleInsideWords() {
        let text = "Kurz\u{AD}strecken Raketen\u{200B}abwehr Ab\u{200D}wehr"
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["kurzstrecken", "raketenabwehr", "abwehr"])
        XCTAssertEqual(tokens.map { text.slice($0.range) }, ["Kurz\u{AD}strecken", "Raketen\u{200B}abwehr", "Ab\u{200D}wehr"])
    }

    func testTrailingInvisiblesAndApostrophesStayOutsideTheWord() {
        let text = "Rakete\u{AD} und Hans' Boot"
        let tokens = analyzer.analyze(text)
        XCTAssertEqual(tokens.map(\.exact), ["rakete", "und", "hans", "boot"])
        XCTAssertEqual(tokens.map { text.slice($0.range) }, ["Rakete", "und", "Hans", "Boot"])
    }

    func testApostrophesInsideWordsAreKeptTogetherAndDropped() {
        XCTAssertEqual(words("Wie geht's? Kim’s Rock'n'Roll"), ["wie", "gehts", "kims", "rocknroll"])
        XCTAssertEqual(analyzer.analyze("geht's")[0].range, 0..<6)
    }

    func testNumbersAreTokens() {
        XCTAssertEqual(words("Im April 2019 flogen sie 650 Kilometer, 3,5 Stunden; MP3"),
                       ["im", "april", "2019", "flogen", "sie", "650", "kilometer", "3", "5", "stunden", "mp3"])
    }

    func testOtherScriptsAreWords() {
        XCTAssertEqual(words("Москва и Αθήνα"), ["москва", "и", "αθήνα"])
    }

    func testTextWithoutWords() {
        XCTAssertEqual(analyzer.analyze(""), [])
        XCTAssertEqual(analyzer.analyze(" — „“ … -- \u{AD}\u{200B} ' "), [])
        // A combining mark cannot start a word.
        XCTAssertEqual(words("\u{308}a"), ["a"])
    }

    func testPunctuationAndQuotesAreSeparators() {
        XCTAssertEqual(words("„Sensible Bereiche“ (sagte er) – z.B. heute!"),
                       ["sensible", "bereiche", "sagte", "er", "z", "b", "heute"])
    }
}
