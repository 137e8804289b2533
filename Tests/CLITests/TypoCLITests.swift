import XCTest

/// A misspelt word still finds what it meant; a word the index holds is
/// never read as another; and the user can always ask for the word as typed.
final class TypoCLITests: CLITestCase {
    let notes = """
        {"id":"rakete","title":"Raketentest","text":"Nordkorea feuerte zwei Kurzstreckenraketen in Richtung Meer ab."}
        {"id":"passwort","title":"Zugang","text":"Das Passwort für den Router steht auf der Rückseite."}
        {"id":"passwort-2","title":"Konto","text":"Ein neues Passwort muss zwölf Zeichen haben."}
        {"id":"passwort-3","title":"Bank","text":"Das alte Passwort gilt bis Freitag."}
        {"id":"passwort-4","title":"Büro","text":"Kein Passwort auf Zetteln notieren."}
        {"id":"password","title":"Login","text":"The password prompt appears after boot."}
        {"id":"sicherung","title":"Sicherung","text":"Die nächtliche Sicherung der Fotos läuft auf die externe Platte."}
        {"id":"sichtung","title":"Vogelkunde","text":"Eine seltene Sichtung: ein Wiedehopf am Waldrand."}
        {"id":"wiedehopf","title":"Wiedehopfe","text":"Der Wiedehopf brütet in Baumhöhlen."}

        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        // A lexicon that knows the German words (and not the English one).
        let lexicon = try write("lexicon.txt", "passwort\nsicherung\nkurz\nstrecke\nstrecken\nrakete\nraketen\nsichtung\n")
        let result = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", lexicon, try write("notes.jsonl", notes)])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func hits(_ arguments: [String]) throws -> (status: Int32, ids: [String], records: [[String: Any]]) {
        let result = try search(["--format", "jsonl"] + arguments)
        let records = result.hitRecords()
        return (result.status, records.compactMap { $0["id"] as? String }, records)
    }

    /// A letter dropped, doubled, swapped or replaced by a neighbour key: the
    /// document is found, with the word as it stands in the text highlighted.
    func testOneTypoFindsTheDocumentAndHighlightsTheRealWord() throws {
        // Inside the word, and in its first two letters (found by other starts).
        for typo in ["Sicheung", "Sichherung", "Sihcerung", "Sicjerung", "Xicherung", "Icherung", "Scherung", "Iscerung"] {
            let (status, ids, records) = try hits([typo])
            XCTAssertEqual(status, 0, typo)
            XCTAssertEqual(ids.first, "sicherung", typo)
            XCTAssertEqual(highlightedWords(try XCTUnwrap(records.first)), ["Sicherung"], typo)
        }
    }

    func testCompoundWithATypoFindsTheCompound() throws {
        let (status, ids, records) = try hits(["Kurzstreckenrakten"])
        XCTAssertEqual(status, 0)
        XCTAssertEqual(ids, ["rakete"])
        XCTAssertEqual(highlightedWords(try XCTUnwrap(records.first)), ["Kurzstreckenraketen"])
    }

    /// Text output says which word was read as what, on stderr, so that
    /// stdout stays the hits alone.
    func testTextOutputSaysWhatTheTypoWasReadAs() throws {
        let result = try search(["--color", "never", "Sicheung"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("Auch gesucht: Sicheung → Sicherung"), result.stderr)
        XCTAssertFalse(result.stdout.contains("Auch gesucht"), result.stdout)
        XCTAssertFalse(result.stderr.contains("Meinten Sie"), result.stderr)
    }

    func testJSONEndRecordCarriesTheReadings() throws {
        let records = try search(["--format", "jsonl", "Sicheung"]).jsonLines()
        let end = try XCTUnwrap(records.last)
        XCTAssertEqual(end["type"] as? String, "end")
        let readings = try XCTUnwrap(end["readings"] as? [[String: Any]])
        XCTAssertEqual(readings.first?["word"] as? String, "Sicheung")
        XCTAssertEqual((readings.first?["read_as"] as? [String])?.first, "Sicherung")
        XCTAssertEqual((readings.first?["edits"] as? [Int])?.first, 1)
        // A word spelt right: an empty list, not a missing field.
        let clean = try XCTUnwrap(try search(["--format", "jsonl", "Sicherung"]).jsonLines().last)
        XCTAssertEqual((clean["readings"] as? [Any])?.count, 0)
    }

    func testExplainShowsTheWordsThatStoodIn() throws {
        let result = try search(["--explain", "--color", "never", "Sicheung"])
        XCTAssertTrue(result.stdout.contains("typo: Sicheung also read as Sicherung (1 edit)"), result.stdout)
    }

    /// Switched off, the typo finds nothing (exit 1) and the suggestion says
    /// what it meant; `=Wort` does the same for one word.
    func testSwitchedOffItExitsOneWithTheSuggestion() throws {
        let off = try search(["--no-typos", "Sicheung"])
        XCTAssertEqual(off.status, 1)
        XCTAssertEqual(off.stdout, "")
        XCTAssertTrue(off.stderr.contains("Meinten Sie: Sicherung"), off.stderr)
        let one = try search(["=Sicheung"])
        XCTAssertEqual(one.status, 1)
        let mixed = try hits(["=Sicheung Wiedehopf"])
        XCTAssertEqual(mixed.status, 0)
        XCTAssertFalse(mixed.ids.contains("sicherung"), "\(mixed.ids)")
        XCTAssertTrue(mixed.ids.contains("wiedehopf"), "\(mixed.ids)")
    }

    /// A word the index holds, however rarely, is never read as another:
    /// "Sichtung" (one passage) is one edit from nothing and two from
    /// "Sicherung", and stays itself.
    func testRareWordSpeltRightIsNotExpanded() throws {
        let records = try search(["--format", "jsonl", "Sichtung"]).jsonLines()
        XCTAssertEqual(records.compactMap { $0["type"] as? String == "hit" ? $0["id"] as? String : nil }, ["sichtung"])
        XCTAssertEqual((records.last?["readings"] as? [Any])?.count, 0)
    }

    /// In a German index that also holds the English word, the German one
    /// is read first when it is at least twice as common, though one edit further.
    func testGermanWordPreferredOverEnglish() throws {
        let off = try search(["--no-typos", "Pasword"])
        XCTAssertTrue(off.stderr.contains("Meinten Sie: Passwort"), off.stderr)
        let found = try search(["--format", "jsonl", "Pasword"]).jsonLines()
        XCTAssertEqual(((found.last?["readings"] as? [[String: Any]])?.first?["read_as"] as? [String])?.first, "Passwort")
        let ids = found.compactMap { $0["type"] as? String == "hit" ? $0["id"] as? String : nil }
        XCTAssertTrue(ids.contains("passwort") && ids.contains("password"), "\(ids)")
    }

    /// Words of three letters are too short to guess at.
    func testShortWordsAreNotGuessed() throws {
        XCTAssertEqual(try hits(["Mer"]).status, 1)
    }
}
