import XCTest
@testable import GermanAnalysis

final class VerbFormsTests: XCTestCase {
    func testRegularVerbForms() {
        let forms = VerbForms.forms(ofInfinitive: "speichern")
        XCTAssertTrue(forms.contains("speichert"), "\(forms)")
        XCTAssertTrue(forms.contains("gespeichert"), "\(forms)")
        XCTAssertFalse(forms.contains("speichern"))
    }

    func testLinkingEAfterDAndT() {
        let forms = VerbForms.forms(ofInfinitive: "melden")
        XCTAssertTrue(forms.contains("meldet"), "\(forms)")
        XCTAssertTrue(forms.contains("gemeldet"), "\(forms)")
        XCTAssertTrue(VerbForms.forms(ofInfinitive: "rechnen").contains("rechnet"))
        XCTAssertTrue(VerbForms.forms(ofInfinitive: "lernen").contains("lernt"))
    }

    func testSeparableParticleTakesGeAndZuInside() {
        let forms = VerbForms.forms(ofInfinitive: "einfuegen")
        XCTAssertTrue(forms.contains("eingefuegt"), "\(forms)")
        XCTAssertTrue(forms.contains("einzufuegen"), "\(forms)")
        XCTAssertTrue(forms.contains("einfuegt"), "\(forms)")
        XCTAssertFalse(forms.contains("geeinfuegt"), "\(forms)")
    }

    func testNoGeForIerenAndInseparablePrefixes() {
        let definieren = VerbForms.forms(ofInfinitive: "definieren")
        XCTAssertTrue(definieren.contains("definiert"), "\(definieren)")
        XCTAssertFalse(definieren.contains { $0.hasPrefix("ge") }, "\(definieren)")
        let bearbeiten = VerbForms.forms(ofInfinitive: "bearbeiten")
        XCTAssertTrue(bearbeiten.contains("bearbeitet"), "\(bearbeiten)")
        XCTAssertFalse(bearbeiten.contains { $0.hasPrefix("ge") }, "\(bearbeiten)")
    }

    func testParticiplesLeadBackToTheInfinitive() {
        XCTAssertTrue(VerbForms.related(to: "ausgeblendete").contains("ausblenden"))
        XCTAssertTrue(VerbForms.related(to: "gespeichert").contains("speichern"))
        XCTAssertTrue(VerbForms.related(to: "definierten").contains("definieren"))
        // and on to the infinitive's other forms
        XCTAssertTrue(VerbForms.related(to: "gespeicherte").contains("speichert"))
    }

    func testWordsThatOnlyLookLikeVerbFormsAreLeftAlone() {
        XCTAssertEqual(VerbForms.related(to: "brandt"), [])
        XCTAssertEqual(VerbForms.related(to: "schulter"), [])
        XCTAssertEqual(VerbForms.related(to: "haus"), [])
        XCTAssertEqual(VerbForms.related(to: "zeit"), [])
        XCTAssertEqual(VerbForms.forms(ofInfinitive: "oben"), [])  // too short to be read as a verb
    }

    func testNounsMadeFromVerbs() {
        XCTAssertEqual(VerbForms.nouns(ofInfinitive: "anpassen"), ["anpassung"])
        XCTAssertEqual(VerbForms.nouns(ofInfinitive: "konfigurieren"), ["konfigurierung", "konfiguration"])
        XCTAssertEqual(VerbForms.nouns(ofInfinitive: "haus"), [])
    }
}
