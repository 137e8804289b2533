import Foundation
import GermanAnalysis
import XCTest

final class AnalyzerTests: XCTestCase {
    let analyzer = Analyzer(stemmer: FakeStemmer(), lexicon: smallLexicon)

    func testWholeTokens() {
        let text = "Die Kurzstreckenraketen über Südkorea"
        XCTAssertEqual(analyzer.analyze(text), [
            Token(range: 0..<3, position: 1, exact: "die", stem: "die", parts: [], isStopword: true),
            Token(range: 4..<23, position: 2, exact: "kurzstreckenraketen", stem: "kurzstreckenraket",
                  parts: ["kurz", "streck", "raket"], isStopword: false),
            Token(range: 24..<29, position: 3, exact: "ueber", stem: "ueber", parts: [], isStopword: true),
            Token(range: 30..<39, position: 4, exact: "suedkorea", stem: "suedkorea", parts: [], isStopword: false),
        ])
    }

    func testPartsAreStemsOfTheParts() {
        func parts(_ word: String) -> [String] { analyzer.analyze(word)[0].parts }
        XCTAssertEqual(parts("Kurzstreckenraketen"), ["kurz", "strecke", "rakete"].map(fake.stem))
        XCTAssertEqual(parts("Flüchtlingskrise"), ["fluechtling", "krise"].map(fake.stem))
        XCTAssertEqual(parts("Spionagesatelliten"), ["spionage", "satellit"].map(fake.stem))
        XCTAssertEqual(parts("Panzerabwehrraketen"), ["panzer", "abwehr", "rakete"].map(fake.stem))
        XCTAssertEqual(parts("Präsidialamtssprecher"), ["praesidial", "amt", "sprecher"].map(fake.stem))
        XCTAssertEqual(parts("Sporthalle"), ["sport", "halle"].map(fake.stem))
        XCTAssertEqual(parts("Waffen"), [])
        XCTAssertEqual(parts("Raketen"), [])
    }

    func testPartsAreDeduplicatedAndLeaveOutTheWordsOwnStem() {
        let lexicon = Lexicon(words: ["kurz", "strecke", "kurzstrecke", "rakete"])
        let analyzer = Analyzer(stemmer: PrefixStemmer(), lexicon: lexicon)
        // Parts kurzstrecke, kurz, strecke, rakete stem to kurz, kurz, stre, rake;
        // the word itself stems to kurz.
        XCTAssertEqual(analyzer.analyze("Kurzstreckenraketen")[0].parts, ["stre", "rake"])
    }

    func testHyphenatedPartsAreDecompoundedOneByOne() {
        let tokens = analyzer.analyze("Spionagesatelliten-Start und Kreml-Sprecher")
        XCTAssertEqual(tokens.map(\.exact), ["spionagesatelliten", "start", "und", "kreml", "sprecher"])
        XCTAssertEqual(tokens.map(\.parts), [["spionag", "satellit"], [], [], [], []])
    }

    func testStopwords() {
        let tokens = analyzer.analyze("Wann wurde die Stadt gegründet, wo ist sie und wer hat sie gebaut?")
        XCTAssertEqual(tokens.filter(\.isStopword).map(\.exact),
                       ["wann", "wurde", "die", "wo", "ist", "sie", "und", "wer", "hat", "sie"])
        XCTAssertEqual(tokens.filter { !$0.isStopword }.map(\.exact), ["stadt", "gegruendet", "gebaut"])
        // Stopwords are still tokens with their positions, so phrases work.
        XCTAssertEqual(tokens.map(\.position), Array(1...13))
        for word in ["was", "wie", "warum", "sind", "wird", "der", "das", "dass", "daß", "über", "für"] {
            XCTAssertTrue(Stopwords.german.contains(analyzer.fold(word)), word)
        }
        for word in ["rakete", "weg", "stadt", "zwei"] {
            XCTAssertFalse(Stopwords.german.contains(word), word)
        }
    }

    func testCustomStopwords() {
        let analyzer = Analyzer(stemmer: FakeStemmer(), stopwords: Stopwords(words: ["Rakete"]))
        XCTAssertEqual(analyzer.analyze("die Rakete").map(\.isStopword), [false, true])
    }

    func testRepeatedAnalysisGivesTheSameTokens() {
        let text = "Kurzstreckenraketen, Kurzstreckenraketen und Flüchtlingskrise"
        XCTAssertEqual(analyzer.analyze(text), analyzer.analyze(text))
    }

    func testConcurrentUseAgreesWithSequentialUse() {
        let texts = (0..<40).map { "Text \($0): Panzerabwehrraketen, Geldspritze \($0 * 7) und Sporthallen im Gleichberechtigungsgesetz" }
        let expected = texts.map { Analyzer(stemmer: FakeStemmer(), lexicon: smallLexicon).analyze($0) }
        let shared = Analyzer(stemmer: FakeStemmer(), lexicon: smallLexicon)
        let results = Results(count: texts.count)
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            results.set(i, shared.analyze(texts[i]))
        }
        XCTAssertEqual(results.all, expected)
    }
}

/// Collects results from concurrent iterations.
private final class Results: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var values: [[Token]]
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ tokens: [Token]) { lock.withLock { values[i] = tokens } }
    var all: [[Token]] { lock.withLock { values } }
}
