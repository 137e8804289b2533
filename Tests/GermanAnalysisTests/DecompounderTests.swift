import GermanAnalysis
import XCTest

final class DecompounderTests: XCTestCase {
    let splitter = Decompounder(lexicon: smallLexicon)

    func testModifiersAndHead() {
        XCTAssertEqual(splitter.split("artilleriemunition"), ["artillerie", "munition"])
        XCTAssertEqual(splitter.split("panzerabwehrraketen"), ["panzer", "abwehr", "rakete"])
    }

    func testLinkingElements() {
        XCTAssertEqual(splitter.split("fluechtlingskrise"), ["fluechtling", "krise"])                 // -s-
        XCTAssertEqual(splitter.split("kurzstreckenraketen"), ["kurz", "strecke", "rakete"])           // -n-
        XCTAssertEqual(splitter.split("praesidialamtssprecher"), ["praesidial", "amt", "sprecher"])   // -s-
        XCTAssertEqual(splitter.split("frauengleichberechtigung"), ["frau", "gleichberechtigung"])    // -en-
        let more = Decompounder(lexicon: Lexicon(words: ["tag", "jahr", "kind", "garten", "hund", "leine", "lied"]))
        XCTAssertEqual(more.split("kindergarten"), ["kind", "garten"])                                // -er-
        XCTAssertEqual(more.split("hundeleine"), ["hund", "leine"])                                   // -e-
        XCTAssertEqual(more.split("tageslied"), ["tag", "lied"])                                      // -es-
    }

    func testInflectedHeads() {
        XCTAssertEqual(splitter.split("spionagesatelliten"), ["spionage", "satellit"])
        XCTAssertEqual(splitter.split("waffendeals"), ["waffe", "deal"])
    }

    func testLongHeadsAreSplitOff() {
        XCTAssertEqual(splitter.split("gleichberechtigungsgesetz"), ["gleichberechtigung", "gesetz"])
        XCTAssertEqual(splitter.split("frauengleichberechtigung").last, "gleichberechtigung")
    }

    func testFewestPartsWinAndDecomposeSplitsTheParts() {
        let lexicon = Lexicon(words: ["kurz", "strecke", "kurzstrecke", "rakete", "präsidialamt", "präsidial", "amt", "sprecher"])
        let splitter = Decompounder(lexicon: lexicon)
        XCTAssertEqual(splitter.split("kurzstreckenraketen"), ["kurzstrecke", "rakete"])
        XCTAssertEqual(splitter.decompose("kurzstreckenraketen"), ["kurzstrecke", "kurz", "strecke", "rakete"])
        XCTAssertEqual(splitter.decompose("praesidialamtssprecher"), ["praesidialamt", "praesidial", "amt", "sprecher"])
    }

    func testLongestHeadWins() {
        // sport + halle, never sport + hall + e.
        XCTAssertEqual(splitter.split("sporthalle"), ["sport", "halle"])
        XCTAssertEqual(splitter.split("geldspritze"), ["geld", "spritze"])
        XCTAssertEqual(splitter.split("sporthallen"), ["sport", "halle"])
    }

    func testTiesGoToFewerLinkingLettersThenToLongerEarlyParts() {
        let a = Decompounder(lexicon: Lexicon(words: ["kurz", "strecken", "trecken", "raketen"]))
        XCTAssertEqual(a.split("kurzstreckenraketen"), ["kurz", "strecken", "raketen"])
        let b = Decompounder(lexicon: Lexicon(words: ["anfangs", "anfang", "konto", "skonto", "stand"]))
        XCTAssertEqual(b.split("anfangskontostand"), ["anfangs", "konto", "stand"])
    }

    func testJunkSplitsAreRefused() {
        XCTAssertEqual(splitter.split("waffen"), [])       // too short, though "affen" is a word
        XCTAssertEqual(splitter.split("wasser"), [])       // "asse" is a word too
        XCTAssertEqual(splitter.split("verkauf"), [])
        XCTAssertEqual(splitter.split("angriffskrieg"), ["angriff", "krieg"])
        XCTAssertFalse(splitter.decompose("angriffskrieg").contains("griff"))
        XCTAssertFalse(splitter.decompose("geldspritze").contains("sprit"))
    }

    func testPrefixesParticlesAndStopwordsAreNeverParts() {
        let lexicon = Lexicon(words: ["ver", "kauf", "leiter", "wie", "der", "holung", "hinzu", "fuegen", "zusammen", "arbeit"])
        let splitter = Decompounder(lexicon: lexicon)
        XCTAssertEqual(splitter.split("verkaufsleiter"), [])
        XCTAssertEqual(splitter.split("wiederholung"), [])
        XCTAssertEqual(splitter.split("hinzufuegen"), [])
        XCTAssertEqual(splitter.split("zusammenarbeit"), [])
    }

    func testPartsHaveThreeLettersAndReducedHeadsFour() {
        let lexicon = Lexicon(words: ["ab", "fuhr", "muell", "abfuhr", "arbeits", "end"])
        let splitter = Decompounder(lexicon: lexicon)
        XCTAssertEqual(splitter.split("muellabfuhr"), ["muell", "abfuhr"])
        XCTAssertEqual(splitter.split("abfuhrmuell"), ["abfuhr", "muell"])
        XCTAssertEqual(splitter.split("arbeitsende"), [])  // "end" + e: a reduced head needs four letters
    }

    func testParticipleEndingsAreNotHeads() {
        XCTAssertEqual(splitter.split("vorsitzende"), [])      // vorsitz + ende: a participle
        XCTAssertEqual(splitter.split("wochenende"), ["woche", "ende"])
        XCTAssertEqual(splitter.split("dateiende"), ["datei", "ende"])
        XCTAssertEqual(splitter.split("kriegsende"), ["krieg", "ende"])
    }

    func testInflectedShortWordsAreNoCandidates() {
        XCTAssertEqual(splitter.split("zugriffs"), [])         // Zugriff + s, not Zug + Riffs
        XCTAssertEqual(splitter.split("zugriffsrechte"), ["zugriff", "rechte"])
        XCTAssertEqual(splitter.decompose("zugriffsrechte"), ["zugriff", "rechte"])
    }

    func testOnlyPlainFoldedLettersAreSplit() {
        XCTAssertEqual(splitter.split("kurz2streckenraketen"), [])
        XCTAssertEqual(splitter.split("Kurzstreckenraketen"), [])  // callers pass folded words
        XCTAssertEqual(splitter.split(""), [])
        XCTAssertEqual(splitter.split(String(repeating: "krise", count: 20)), [])
    }

    func testEmptyLexiconSplitsNothing() {
        XCTAssertEqual(Decompounder(lexicon: .empty).decompose("kurzstreckenraketen"), [])
    }
}
