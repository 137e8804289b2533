import Foundation
import GermanAnalysis
import XCTest

/// The decompounder with the lexicon that `Tools/build-lexicon` writes.
/// Skipped when Index/lexicon/de.txt has not been built.
final class RealLexiconTests: XCTestCase {
    // Loaded once for all tests of the class.
    nonisolated(unsafe) private static var loaded: Analyzer?

    private func analyzer() throws -> Analyzer {
        if let analyzer = Self.loaded { return analyzer }
        let url = packageRoot.appendingPathComponent("Index/lexicon/de.txt")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("no lexicon at \(url.path); build it with Tools/build-lexicon")
        }
        let analyzer = Analyzer(stemmer: FakeStemmer(), lexicon: try Lexicon(contentsOf: url))
        Self.loaded = analyzer
        return analyzer
    }

    private func assertParts(_ word: String, include expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let token = try XCTUnwrap(try analyzer().analyze(word).first, file: file, line: line)
        for part in expected.map(fake.stem) {
            XCTAssertTrue(token.parts.contains(part), "\(word): \(token.parts) lacks \(part)", file: file, line: line)
        }
    }

    private func decompose(_ word: String) throws -> [String] {
        let analyzer = try analyzer()
        return analyzer.decompounder.decompose(analyzer.fold(word))
    }

    func testCompoundsFromTheNews() throws {
        try assertParts("Kurzstreckenraketen", include: ["kurz", "strecke", "rakete"])
        try assertParts("Panzerabwehrraketen", include: ["panzer", "abwehr", "rakete"])
        try assertParts("Spionagesatelliten", include: ["spionage", "satellit"])
        try assertParts("Artilleriemunition", include: ["artillerie", "munition"])
        try assertParts("Präsidialamtssprecher", include: ["praesidialamt", "amt", "sprecher"])
        try assertParts("Flüchtlingskrise", include: ["fluechtling", "krise"])
        try assertParts("Gleichberechtigungsgesetz", include: ["gleichberechtigung", "gesetz"])
        try assertParts("Hochwasserschutz", include: ["hochwasser", "schutz"])
        try assertParts("Wochenende", include: ["woche", "ende"])
    }

    func testJunkSplitsAreRefused() throws {
        XCTAssertEqual(try decompose("Sporthalle"), ["sport", "halle"])
        XCTAssertEqual(try decompose("Waffen"), [])
        XCTAssertEqual(try decompose("Wasser"), [])
        XCTAssertEqual(try decompose("Verkauf"), [])
        XCTAssertEqual(try decompose("Geldspritze"), ["geld", "spritze"])
        XCTAssertFalse(try decompose("Angriffskrieg").contains("griff"))
        XCTAssertFalse(try decompose("Speicherplatz").contains("ich"))
        XCTAssertFalse(try decompose("Wiederholung").contains("wie"))
        XCTAssertEqual(try decompose("Vorsitzende"), [])
        XCTAssertEqual(try decompose("Transport"), [])
        XCTAssertEqual(try decompose("Erstellen"), [])
    }
}
