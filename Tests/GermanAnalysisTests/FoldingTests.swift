import GermanAnalysis
import XCTest

final class FoldingTests: XCTestCase {
    let analyzer = Analyzer(stemmer: FakeStemmer())

    func testUmlautsAndTheirTranscriptionsMeet() {
        for (a, b) in [("Südkorea", "Suedkorea"), ("Pjöngjang", "Pjoengjang"), ("Bürgermeisterin", "Buergermeisterin"),
                       ("ÄRGER", "Aerger"), ("Öl", "Oel")] {
            XCTAssertEqual(analyzer.fold(a), analyzer.fold(b), a)
        }
        XCTAssertEqual(analyzer.fold("Südkorea"), "suedkorea")
        XCTAssertEqual(analyzer.fold("ÜBER"), "ueber")
    }

    func testSharpS() {
        XCTAssertEqual(analyzer.fold("Straße"), "strasse")
        XCTAssertEqual(analyzer.fold("Strasse"), "strasse")
        XCTAssertEqual(analyzer.fold("STRASSE"), "strasse")
        XCTAssertEqual(analyzer.fold("GROẞE"), "grosse")
        XCTAssertEqual(analyzer.fold("heißen"), analyzer.fold("heissen"))
        let tokens = analyzer.analyze("Die Straße heißt so")
        XCTAssertEqual(tokens.map(\.exact), ["die", "strasse", "heisst", "so"])
        XCTAssertEqual(tokens.map(\.range), [0..<3, 4..<11, 12..<18, 19..<21])  // ß is two bytes
    }

    func testOtherLatinDiacriticsAreDropped() {
        XCTAssertEqual(analyzer.fold("Café"), "cafe")
        XCTAssertEqual(analyzer.fold("Français"), "francais")
        XCTAssertEqual(analyzer.fold("Señora Łódź Ærø"), "senora lodz aero")
        XCTAssertEqual(analyzer.fold("Nguyễn"), "nguyen")
    }

    func testFoldMatchesExact() {
        // Query terms, wildcards and field values are folded with fold(), the
        // text with analyze(): the two must agree on every spelling.
        for word in ["Kurz\u{AD}streckenraketen", "Su\u{308}dkorea", "geht's", "Pjöngjang", "ΑΘΉΝΑ", "Straße"] {
            XCTAssertEqual(analyzer.fold(word), analyzer.analyze(word).first?.exact, word)
        }
    }

    func testFoldKeepsWhatIsNotALetter() {
        // fold() works on one word as typed: it does not tokenize.
        XCTAssertEqual(analyzer.fold("Kreml-Sprecher"), "kreml-sprecher")
        XCTAssertEqual(analyzer.fold(""), "")
    }
}
