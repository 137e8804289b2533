import XCTest

/// One input line of fundus-ingest.
private func record(_ id: String, _ title: String, _ text: String) -> String {
    let escaped = text.replacingOccurrences(of: "\n", with: "\\n")
    return "{\"id\":\"\(id)\",\"title\":\"\(title)\",\"text\":\"\(escaped)\"}"
}

extension CLITestCase {
    /// The ids fundus-search finds for `query`, with the ranking's levers set
    /// by `ranking` (`FUNDUS_RANKING`, empty for the defaults).
    func rankedIDs(_ query: String, ranking: String = "", noHitAllowed: Bool = false,
                   file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        try rankedHits(query, ranking: ranking, noHitAllowed: noHitAllowed, file: file, line: line)
            .compactMap { $0["id"] as? String }
    }

    /// The JSON Lines hits for `query` (with `--explain` if asked), ranked with `ranking`.
    func rankedHits(_ query: String, ranking: String = "", explain: Bool = false, noHitAllowed: Bool = false,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let result = try CLI.run("fundus-search", ["--db", db, "--format", "jsonl"] + (explain ? ["--explain"] : []) + [query],
                                 environment: ["FUNDUS_RANKING": ranking])
        XCTAssertTrue(result.status == 0 || (noHitAllowed && result.status == 1), result.stderr, file: file, line: line)
        return result.hitRecords()
    }
}

/// The ranking's levers, each shown on documents written for it, through the
/// built binary. (How much each one buys on real sets: BENCHMARKS.md.)
final class RankingCLITests: CLITestCase {
    /// Paragraphs over 300 characters, so each stays a passage of its own.
    let flood = """
        Nach den Regenfällen der letzten Woche kam die Flut. Die Pegel steigen an allen Messstellen, und in \
        den tiefer gelegenen Straßen der Altstadt stehen die Keller unter Wasser. Die Feuerwehr pumpt seit dem Morgen, \
        und die Stadtwerke haben den Strom in drei Vierteln vorsorglich abgeschaltet, bis das Wasser wieder sinkt.

        Am Nachmittag besuchte die Bürgermeisterin die Baustelle am nördlichen Ufer. Dort wird der alte Deich seit dem \
        Sommer erhöht und verbreitert, doch die Arbeiten sind erst zur Hälfte fertig. Sandsäcke sollen die Lücke schließen, \
        bis die Bagger im Frühjahr zurückkehren und den letzten Abschnitt aufschütten.
        """
    let floodOnly = """
        Seit Tagen spricht man in der Gemeinde von nichts anderem als von der Flut. Das Wasser hat die Wiesen überschwemmt, \
        die Brücke gesperrt und den Markt am Samstag verhindert. Die Älteren erinnern sich an eine ähnliche Flut vor vierzig \
        Jahren, als die Feuerwehr mit Booten durch die Gassen fuhr.
        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        let lexicon = try write("lexicon.txt", ["spalte", "spalten", "breite", "hoch", "wasser", "hochwasser", "schutz"].joined(separator: "\n"))
        let records = [
            record("flut-ufer", "Lage an der Mulde", flood),
            record("flut-gerede", "Gespräch in der Gemeinde", floodOnly),
            record("schafe", "Schafe", "Am Deich grasen im Sommer die Schafe des Schäfers aus dem Nachbardorf."),
            record("radweg", "Radweg", "Der Radweg führt vom Bahnhof zum Deich und weiter bis zur Fähre."),
            record("speichert", "Sicherung", "Das Programm speichert die Datei alle zehn Minuten automatisch."),
            record("gespeichert", "Verlauf", "Jede geöffnete Datei wird beim Beenden im Verlauf gespeichert."),
            record("konfiguration", "Einstellungen", "Die Konfiguration der Ränder erfolgt im Dialog Seite."),
            record("spalten", "Tabellen", "Die Spalten einer Tabelle lassen sich mit der Maus auf jede gewünschte Breite ziehen."),
            // The same text, but the short title's passage is longer: by its own weight it ranks second.
            record("kopie-lang", "Eine Kopie mit Anmerkungen und Kommentaren speichern",
                   "Mit diesem Befehl legen Sie eine Kopie der aktuellen Datei an."),
            // The query "Wasser Schutz" covers half the parts of the title compound;
            // the other page's shorter passage wins by its own weight.
            record("schutz-titel", "Hochwasserschutz",
                   "Der Schutz vor dem Wasser beginnt mit einer höheren Mauer am Ufer und mit Sandsäcken vor den Türen."),
            record("schutz-notiz", "Notizen vom Markt", "Schutz vor dem Wasser: Sandsäcke vor die Türen und Kellerfenster legen."),
            // Both titles are matched whole; the one-word title's shorter passage wins by its own weight.
            record("faehre-plan", "Fahrplan der Fähre",
                   "Die Fähre fährt im Sommer jede halbe Stunde, im Winter seltener; der Fahrplan hängt am Steg neben dem Kiosk."),
            record("faehre", "Fähre", "Die Fähre fährt stündlich; der Fahrplan hängt am Steg."),
            record("kopie-kurz", "Eine Kopie speichern", "Mit diesem Befehl legen Sie eine Kopie der aktuellen Datei an, "
                   + "mit allen Einstellungen, Formaten und Vorlagen, die das Original hat."),
        ]
        let input = try write("docs.jsonl", records.joined(separator: "\n") + "\n")
        let result = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", lexicon, input])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func hits(_ query: String) throws -> [[String: Any]] {
        let result = try search(["--format", "jsonl", "--limit", "20", query])
        XCTAssertTrue(result.status == 0 || result.status == 1, "\(query): \(result.stderr)")
        return result.hitRecords()
    }

    func ids(_ query: String) throws -> [String] { try hits(query).compactMap { $0["id"] as? String } }

    func testAnInfinitiveFindsAndHighlightsTheVerbsOtherForms() throws {
        let found = try hits("Datei speichern")
        XCTAssertEqual(Set(found.compactMap { $0["id"] as? String }).intersection(["speichert", "gespeichert"]),
                       ["speichert", "gespeichert"])
        let marked = Set(found.flatMap(highlightedWords))
        XCTAssertTrue(marked.isSuperset(of: ["speichert", "gespeichert", "Datei"]), "\(marked)")
    }

    func testAParticipleFindsTheInfinitive() throws {
        XCTAssertTrue(try ids("gespeicherte").contains("speichert"))
    }

    func testAVerbFindsItsNoun() throws {
        XCTAssertEqual(try ids("konfigurieren"), ["konfiguration"])
    }

    func testACompoundFindsItsPartsApart() throws {
        let found = try hits("Spaltenbreite")
        XCTAssertEqual(found.first?["id"] as? String, "spalten")
        XCTAssertEqual(Set(highlightedWords(try XCTUnwrap(found.first))), ["Breite", "Spalten"])
    }

    func testAHyphenatedWordFindsItsPartsApartAndThenAlone() throws {
        // "Am Deich grasen im Sommer die Schafe": both parts in one passage, too far apart for NEAR.
        XCTAssertEqual(try rankedIDs("Deich-Schafe", noHitAllowed: true).first, "schafe")
        // No passage holds both parts: each alone still finds something.
        XCTAssertEqual(Set(try rankedIDs("Schafe-Fahrplan", noHitAllowed: true)).intersection(["schafe", "faehre", "faehre-plan"]),
                       ["schafe", "faehre", "faehre-plan"])
        // With the parts only as a phrase or near each other, neither query finds anything: the test can fail.
        XCTAssertEqual(try rankedIDs("Deich-Schafe", ranking: "hyphenSpread=0,hyphenAny=0", noHitAllowed: true), [])
        XCTAssertEqual(try rankedIDs("Schafe-Fahrplan", ranking: "hyphenAny=0", noHitAllowed: true), [])
    }

    func testADocumentWithEveryWordOutranksOneThatRepeatsOne() throws {
        // "Flut" and "Deich" stand in different passages of flut-ufer;
        // flut-gerede says "Flut" twice in one passage and never "Deich".
        XCTAssertEqual(try ids("Flut Deich").prefix(2), ["flut-ufer", "flut-gerede"])
        // Without the re-ranking, the repetition wins: the test can fail.
        let plain = try CLI.run("fundus-search", ["--db", db, "--format", "jsonl", "Flut Deich"],
                                environment: ["FUNDUS_RANKING": "documentCoverage=0"])
        XCTAssertEqual(plain.hitRecords().compactMap { $0["id"] as? String }.first, "flut-gerede")
    }

    func testATitleTheQueryCoversWholeRanksFirst() throws {
        XCTAssertEqual(try ids("Kopie speichern").prefix(2), ["kopie-kurz", "kopie-lang"])
        let plain = try CLI.run("fundus-search", ["--db", db, "--format", "jsonl", "Kopie speichern"],
                                environment: ["FUNDUS_RANKING": "titleCoverage=0"])
        XCTAssertEqual(plain.hitRecords().compactMap { $0["id"] as? String }.first, "kopie-lang")
    }

    func testATitleCompoundTheQueryCoversInPartCountsForTheTitle() throws {
        // The title boost in matching is off in both runs: only the re-ranking's title share differs.
        let found = try rankedIDs("Wasser Schutz", ranking: "title=0")
        XCTAssertLessThan(try XCTUnwrap(found.firstIndex(of: "schutz-titel")), try XCTUnwrap(found.firstIndex(of: "schutz-notiz")),
                          "\(found)")
        // Counting only whole title words, the shorter passage wins: the test can fail.
        let plain = try rankedIDs("Wasser Schutz", ranking: "title=0,titleParts=0")
        XCTAssertLessThan(try XCTUnwrap(plain.firstIndex(of: "schutz-notiz")), try XCTUnwrap(plain.firstIndex(of: "schutz-titel")),
                          "\(plain)")
    }

    func testALongerTitleTheQueryMatchesWholeOutranksAOneWordTitle() throws {
        // "Fähre" alone is matched by one of the query's two words; "Fahrplan der Fähre" by both.
        let found = try rankedIDs("Fähre Fahrplan", ranking: "title=0")
        XCTAssertEqual(found.prefix(2), ["faehre-plan", "faehre"])
        // Unsmoothed, both titles count as fully covered and the shorter passage wins: the test can fail.
        XCTAssertEqual(try rankedIDs("Fähre Fahrplan", ranking: "title=0,titleSmoothing=0").prefix(2), ["faehre", "faehre-plan"])
    }
}

/// The best passage's share of the query's words, on documents of its own
/// (passage weights depend on every document's length).
final class PassageCoverageCLITests: CLITestCase {
    /// Two paragraphs over 300 characters: "Schleuse" in the first, "Kanal" in the second.
    let harbourApart = """
        Die alte Schleuse am Nordende des Hafens wurde im vergangenen Jahr gründlich instand gesetzt. Seitdem öffnet \
        die Schleuse wieder zuverlässig, und die Schiffer müssen nicht mehr stundenlang vor den Toren warten. Der \
        Schleusenwärter zählt an guten Tagen mehr als vierzig Boote, die durch die Schleuse fahren, meist \
        Ausflugsdampfer und kleine Segeljachten. Hinter der Schleuse warten sie.

        Weiter südlich beginnt der Kanal, der den Hafen mit dem Binnenland verbindet. Er wurde vor über hundert Jahren \
        gegraben, damals mit Schaufeln und Pferdewagen, und ist bis heute für Lastkähne befahrbar. Entlang des Ufers \
        verläuft ein schmaler Treidelpfad, auf dem im Sommer Spaziergänger und Radfahrer unterwegs sind, die den \
        Schiffen zusehen.
        """
    /// "Schleuse" and "Kanal" in one paragraph, once each.
    let harbourTogether = """
        Wer mit dem Boot vom Hafen ins Binnenland will, fährt zuerst durch die Schleuse und dann viele Stunden auf dem \
        Kanal nach Süden. Unterwegs gibt es kaum Anlegestellen, deshalb sollte man genug Proviant an Bord haben, und \
        auch an Trinkwasser darf es nicht fehlen. Die Fahrt lohnt sich trotzdem: Wiesen, Wälder und kleine Dörfer \
        ziehen langsam vorbei, und am Abend spiegelt sich der Himmel im Wasser. Wer früh aufbricht, erreicht die \
        kleine Stadt am Ende der Strecke noch vor dem Dunkelwerden und findet dort ein Gasthaus mit warmem Essen.
        """

    override func setUpWithError() throws {
        try super.setUpWithError()
        let records = [
            record("hafen-getrennt", "Notizen aus dem Hafen", harbourApart),
            record("hafen-zusammen", "Eine Bootsfahrt", harbourTogether),
            record("radweg", "Radweg", "Der Radweg führt vom Bahnhof zum Deich und weiter bis zur Fähre."),
        ]
        try ingest([try write("docs.jsonl", records.joined(separator: "\n") + "\n")])
    }

    func testWordsTogetherInOnePassageOutrankTheSameWordsSpreadOverTwo() throws {
        XCTAssertEqual(try rankedIDs("Schleuse Kanal"), ["hafen-zusammen", "hafen-getrennt"])
        // Counting only the whole document, the stronger passage and its extra match win (the extra
        // match counted as Xapian counts it; it weighs less than the weakest candidate, so the
        // default count leaves it out): the test can fail.
        XCTAssertEqual(try rankedIDs("Schleuse Kanal", ranking: "passageCoverage=0,passageCountCutoff=0"),
                       ["hafen-getrennt", "hafen-zusammen"])
    }
}

/// A compound query word's parts near each other stand in for the compound
/// where it is missing; they do not add to it where it stands (documents of
/// their own: passage weights depend on every document's length).
final class CompoundPartsApartCLITests: CLITestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let lexicon = try write("lexicon.txt", ["hoch", "wasser", "hochwasser"].joined(separator: "\n"))
        let records = [
            // "Hochwasser" twice, close together: its parts "hoch" and "wasser" stand near each other too.
            record("zweimal-hochwasser", "Bericht",
                   "Das Hochwasser, ein Hochwasser wie lange nicht, kam schnell über die Stadt. Am Pegel las man es ab."),
            record("zweimal-pegel", "Notiz", "Das Hochwasser kam schnell, der Pegel stieg lange. Am Pegel las man es ab."),
            record("feld", "Feld", "Nach dem Regen waren die Felder nass."),
            record("keller", "Keller", "Im Keller stand nach dem Regen noch Schlamm."),
            record("ufer", "Ufer", "Am Ufer grasen die Schafe."),
            record("bruecke", "Brücke", "Die Brücke ist gesperrt."),
        ]
        let input = try write("docs.jsonl", records.joined(separator: "\n") + "\n")
        let result = try CLI.run("fundus-ingest", ["--db", db, "--lexicon", lexicon, input])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testACompoundIsNotWeighedAgainForItsOwnPartsNearEachOther() throws {
        // Both passages hold both words; the one that says "Pegel" twice wins
        // over the one that says "Hochwasser" twice.
        XCTAssertEqual(try rankedIDs("Hochwasser Pegel"), ["zweimal-pegel", "zweimal-hochwasser"])
        // When the parts near each other add to the compound, its second
        // occurrence counts for three words: the test can fail.
        XCTAssertEqual(try rankedIDs("Hochwasser Pegel", ranking: "compoundPartsApart=0"), ["zweimal-hochwasser", "zweimal-pegel"])
    }
}

/// BM25's length normalisation, applied by the re-ranking to its candidates
/// (`lengthInRerank`) instead of by the match to every passage.
final class LengthNormalisationCLITests: CLITestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let long = """
            An der Küste entlang führt ein Wanderweg durch Dünen, Heide und kleine Kiefernwälder. Unterwegs kommt man an \
            einem alten Leuchtturm vorbei, an Badestellen, an einer Vogelwarte und an mehreren Cafés, in denen es Kuchen \
            und Fischbrötchen gibt. Im Herbst rasten hier viele Zugvögel auf dem Weg nach Süden.
            """
        // Without length normalisation the two tie, and equal scores go by
        // id: the long passage's id sorts first, so then it wins.
        let records = [
            record("leuchtturm-lang", "Küste", long),
            record("leuchtturm-mole", "Küste", "Der Leuchtturm steht am Ende der Mole."),
            record("hafen", "Hafen", "Im Hafen liegen Fischkutter und Segelboote."),
        ]
        try ingest([try write("docs.jsonl", records.joined(separator: "\n") + "\n")])
    }

    private func lengthFactors(_ ranking: String) throws -> [String: Double] {
        var factors: [String: Double] = [:]
        for hit in try rankedHits("Leuchtturm", ranking: ranking, explain: true) {
            let rerank = try XCTUnwrap((hit["explain"] as? [String: Any])?["rerank"] as? [String: Double])
            factors[try XCTUnwrap(hit["id"] as? String)] = try XCTUnwrap(rerank["length"])
        }
        return factors
    }

    func testTheShorterPassageWithTheSameMatchRanksFirst() throws {
        XCTAssertEqual(try rankedIDs("Leuchtturm"), ["leuchtturm-mole", "leuchtturm-lang"])
        let factors = try lengthFactors("")
        XCTAssertGreaterThan(try XCTUnwrap(factors["leuchtturm-mole"]), 1)
        XCTAssertLessThan(try XCTUnwrap(factors["leuchtturm-lang"]), 1)
        // No normalisation at all: the tie goes to the first id, so the test can fail.
        XCTAssertEqual(try rankedIDs("Leuchtturm", ranking: "b=0"), ["leuchtturm-lang", "leuchtturm-mole"])
        // The match normalising every passage itself gives the same order, and leaves the re-ranking's factor at 1.
        XCTAssertEqual(try rankedIDs("Leuchtturm", ranking: "lengthInRerank=0"), ["leuchtturm-mole", "leuchtturm-lang"])
        XCTAssertEqual(try lengthFactors("lengthInRerank=0").values.sorted(), [1, 1])
    }

    /// Each matching term occurs once in these passages, where the factor is
    /// exactly what BM25 would have done: the scores agree either way.
    func testTheFactorEqualsBM25sOwnNormalisationForATermFoundOnce() throws {
        func scores(_ ranking: String) throws -> [String: Double] {
            Dictionary(uniqueKeysWithValues: try rankedHits("Leuchtturm", ranking: ranking).compactMap { hit in
                (hit["id"] as? String).map { ($0, hit["score"] as? Double ?? 0) }
            })
        }
        let inRerank = try scores(""), inMatch = try scores("lengthInRerank=0")
        XCTAssertEqual(Set(inRerank.keys), ["leuchtturm-mole", "leuchtturm-lang"])
        for (id, score) in inRerank { XCTAssertEqual(score, inMatch[id] ?? 0, accuracy: 1e-3, id) }
        XCTAssertNotEqual(inRerank["leuchtturm-mole"] ?? 0, try scores("b=0")["leuchtturm-mole"] ?? 0, accuracy: 1e-3)
    }
}
