import Foundation
import XCTest

/// Real documents (issue 17): one folder holding a document of every format,
/// each written here, one ingest, and what a user then finds.
final class FormatsCLITests: CLITestCase {
    var docs: String { directory.appendingPathComponent("docs").path }

    /// An ISO-8859-1 page with a script, a style, a nav, a comment and a
    /// template, each holding a decoy word that must not be found.
    static let latin1Page = """
        <!DOCTYPE html>
        <html lang="de"><head>
        <meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
        <title>Rezepte aus der Gro\u{DF}mutterk\u{FC}che</title>
        <script>var wort = "Skriptk\u{F6}der";</script>
        <style>.x { content: "Stilk\u{F6}der"; }</style>
        </head><body>
        <nav><a href="/">Navigationsk\u{F6}der</a></nav>
        <h1>Der K&auml;sekuchen</h1>
        <p>Der Streuselkuchen braucht &bdquo;viel&ldquo; Butter.<!-- Kommentark\u{F6}der --></p>
        <template><p>Vorlagenk\u{F6}der</p></template>
        <p>Die Sch\u{FC}ssel bleibt &uuml;ber Nacht im K\u{FC}hlschrank.</p>
        </body></html>
        """

    static let mail = """
        From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <Juergen.Mueller@example.org>
        To: Absenderk\u{F6}der <anna@example.org>
        Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgZGVt?= =?UTF-8?Q?_Schwarzwald?=
        Date: Tue, 3 Dec 2024 09:15:00 +0100
        Message-ID: <brief-1@example.org>
        X-Kopfzeile: Kopfzeilenk\u{F6}der
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="GRENZE"

        --GRENZE
        Content-Type: text/plain; charset=UTF-8
        Content-Transfer-Encoding: quoted-printable

        Der K=C3=A4sekuchen war k=C3=B6stlich, die Kirschtorte von Oma =
        Hildegard auch.
        --GRENZE
        Content-Type: text/plain; charset=ISO-8859-1
        Content-Transfer-Encoding: base64

        V2lyIHNlaGVuIHVucyBpbSBIZXJic3QgYW0gQm9kZW5zZWUgYmVpIGRlciBN/GhsZS4=
        --GRENZE--

        """

    static func mboxMessage(_ n: Int, id: String?, subject: String, body: String) -> String {
        "From absender\(n)@example.org Tue Dec  3 09:1\(n):00 2024\n"
            + "From: Absender \(n) <absender\(n)@example.org>\n"
            + "Subject: \(subject)\n"
            + (id.map { "Message-ID: <\($0)>\n" } ?? "")
            + "Date: Wed, 4 Dec 2024 10:00:00 +0100\n\n\(body)\n\n"
    }

    static let mbox = mboxMessage(1, id: "m1@example.org", subject: "Vereinssitzung", body: "Die Vereinssitzung findet im Gemeindehaus statt.")
        + mboxMessage(2, id: nil, subject: "Fahrradtour", body: "Treffpunkt ist die Bahnhofstraße.\n>From der Brücke aus geht es zum Zeltplatz.")
        + mboxMessage(3, id: "m3@example.org", subject: "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", body: "Die Sonnenblumen im Schrebergarten blühen.")

    /// Writes one document of every format into `docs/`.
    func writeEveryFormat() throws {
        _ = try writeData("docs/rezepte.html", Self.latin1Page.data(using: .isoLatin1)!)
        _ = try write("docs/notiz.md", """
            ---
            title: "Wochenplan Küche"
            date: 2024-02-10
            ---
            # Einkauf

            Wir brauchen **Kartoffeln** und [Petersilie](https://example.org/kraut).

            ```
            suppe --kochen Gulaschtopf
            ```

            """)
        _ = try writeData("docs/handbuch.pdf", FormatFixtures.pdf(pages: [
            "Erste Seite mit der Einleitung.", "Die Zahnradpumpe wird im Keller montiert.",
        ], title: "Pumpenhandbuch"))
        _ = try writeData("docs/bericht.docx", try FormatFixtures.docx(
            paragraphs: ["Der Jahresbericht", "Die Windkraftanlage lieferte viel Strom."], deleted: "Löschköder",
            title: "Jahresbericht 2023"))
        _ = try writeData("docs/garten.odt", try FormatFixtures.odt(
            heading: "Gartenplanung", paragraph: "Die Tomatenpflanzen brauchen Sonne.", title: "Garten"))
        _ = try writeData("docs/reise.epub", try FormatFixtures.epub(title: "Die Reise zum Nordkap", chapters: [
            ("kapitel1", "Aufbruch in Hamburg", "Der Leuchtturm stand am Hafen."),
            ("kapitel2", "Ankunft am Nordkap", "Die Mitternachtssonne leuchtete über dem Fjord."),
        ]))
        _ = try write("docs/brief.eml", Self.mail)
        _ = try write("docs/verein.mbox", Self.mbox)
    }

    func hits(_ query: String) throws -> [[String: Any]] {
        let result = try search(["--format", "jsonl", "--limit", "50", query])
        XCTAssertTrue(result.status == 0 || result.status == 1, result.stderr)
        return result.hitRecords()
    }

    func testOneIngestFindsAWordOfEveryFormatWithItsTitle() throws {
        try writeEveryFormat()
        let run = try ingest(["--summary", docs])
        XCTAssertTrue(run.stderr.contains("10 added, 0 changed, 0 removed, 0 unchanged, 0 failed"), run.stderr)
        let expected: [(query: String, file: String, title: String)] = [
            ("Streuselkuchen", "/docs/rezepte.html", "Rezepte aus der Großmutterküche"),
            ("Kühlschrank", "/docs/rezepte.html", "Rezepte aus der Großmutterküche"),
            ("Petersilie", "/docs/notiz.md", "Wochenplan Küche"),
            ("Gulaschtopf", "/docs/notiz.md", "Wochenplan Küche"),
            ("Zahnradpumpe", "/docs/handbuch.pdf", "Pumpenhandbuch"),
            ("Windkraftanlage", "/docs/bericht.docx", "Jahresbericht 2023"),
            ("Tomatenpflanzen", "/docs/garten.odt", "Garten"),
            ("Mitternachtssonne", "/docs/reise.epub", "Die Reise zum Nordkap"),
            ("Kirschtorte", "/docs/brief.eml", "Grüße aus dem Schwarzwald"),
            ("Mühle", "/docs/brief.eml", "Grüße aus dem Schwarzwald"),
            ("Gemeindehaus", "/docs/verein.mbox#m1@example.org", "Vereinssitzung"),
            ("Zeltplatz", "/docs/verein.mbox#2", "Fahrradtour"),
            ("Schrebergarten", "/docs/verein.mbox#m3@example.org", "Grüße"),
        ]
        for (query, file, title) in expected {
            let found = try hits(query)
            XCTAssertEqual(found.count, 1, "\(query): \(found)")
            XCTAssertEqual(found.first?["id"] as? String, directory.path + file, query)
            XCTAssertEqual(found.first?["title"] as? String, title, query)
            let marked = highlightedWords(try XCTUnwrap(found.first, query))
            XCTAssertTrue(marked.contains { $0.lowercased().hasPrefix(String(query.lowercased().prefix(5))) }, "\(query): \(marked)")
            let text = try search(["--color", "always", query])
            XCTAssertTrue(text.stdout.contains(title), "\(query): \(text.stdout)")
            XCTAssertTrue(text.stdout.contains("\u{1B}[1;31m" + query), "\(query) not highlighted: \(text.stdout)")
        }
        // Script, style, navigation, comment, template, deleted Word text
        // and mail headers are not text.
        for decoy in ["Skriptköder", "Stilköder", "Navigationsköder", "Kommentarköder", "Vorlagenköder", "Löschköder",
                      "Absenderköder", "Kopfzeilenköder", "quoted", "GRENZE", "Content", "example"] {
            XCTAssertEqual(try hits(decoy).count, 0, decoy)
        }
    }

    func testFieldsOfEachFormat() throws {
        try writeEveryFormat()
        try ingest([docs])
        // A PDF hit says its page.
        let pdf = try XCTUnwrap(try hits("Zahnradpumpe").first)
        XCTAssertEqual(pdf["page"] as? Int, 2)
        XCTAssertEqual(pdf["date"] as? String, "2024-03-01")
        let text = try search(["--color", "never", "Zahnradpumpe"])
        XCTAssertTrue(text.stdout.contains("· S. 2"), text.stdout)
        XCTAssertEqual(try hits("Einleitung").first?["page"] as? Int, 1)
        // Other documents carry no page.
        XCTAssertNil(try hits("Streuselkuchen").first?["page"])
        // The chapters of an e-book in spine order, each passage with its heading.
        let chapter = try XCTUnwrap(try hits("Leuchtturm").first)
        XCTAssertEqual(chapter["section"] as? String, "Aufbruch in Hamburg")
        XCTAssertEqual(chapter["passage"] as? Int, 1)
        XCTAssertEqual(try hits("Fjord").first?["passage"] as? Int, 2)
        // Mail: the date and the sender, searchable by address in any case.
        let mail = try XCTUnwrap(try hits("Kirschtorte").first)
        XCTAssertEqual(mail["date"] as? String, "2024-12-03")
        XCTAssertEqual(mail["from"] as? String, "Jürgen Müller <Juergen.Mueller@example.org>")
        XCTAssertEqual(try hits("from:juergen.mueller@example.org").map { $0["id"] as? String },
                       [directory.path + "/docs/brief.eml"])
        XCTAssertEqual(try hits("from:absender3@example.org Sonnenblumen").count, 1)
        XCTAssertEqual(try hits("from:absender3@example.org Gemeindehaus").count, 0)
        // Dates from the metadata of office files and Markdown front matter.
        XCTAssertEqual(try hits("Windkraftanlage").first?["date"] as? String, "2024-01-15")
        XCTAssertEqual(try hits("Tomatenpflanzen").first?["date"] as? String, "2023-05-02")
        XCTAssertEqual(try hits("Petersilie").first?["date"] as? String, "2024-02-10")
        // Markdown: the markup is gone from what is shown.
        let note = try XCTUnwrap(try hits("Kartoffeln").first?["snippet"] as? String)
        XCTAssertTrue(note.contains("Wir brauchen Kartoffeln und Petersilie."), note)
        XCTAssertFalse(note.contains("**") || note.contains("](") || note.contains("```"), note)
        // HTML: entities decoded, in the text and the title.
        let page = try XCTUnwrap(try hits("Streuselkuchen").first?["snippet"] as? String)
        XCTAssertTrue(page.contains("„viel“"), page)
        XCTAssertEqual(try hits("title:Käsekuchen").count, 0)  // the h1 is not the title when there is a <title>
    }

    func testFormatsAreRecognisedByContentAndUnknownFilesListedWithVerbose() throws {
        _ = try writeData("docs/ohne-endung", Self.latin1Page.data(using: .isoLatin1)!)
        _ = try writeData("docs/handbuch", FormatFixtures.pdf(pages: ["Der Hydraulikzylinder klemmt."]))
        _ = try write("docs/posteingang", Self.mbox)
        _ = try writeData("docs/bild.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]))
        _ = try write("docs/daten.csv", "Spalte;Wert\nFeldsalat;3\n")
        let run = try ingest(["--verbose", docs])
        XCTAssertTrue(run.stderr.contains("skipped \(docs)/bild.png: unknown format\n"), run.stderr)
        XCTAssertTrue(run.stderr.contains("skipped \(docs)/daten.csv: unknown format\n"), run.stderr)
        XCTAssertEqual(try hits("Streuselkuchen").first?["id"] as? String, docs + "/ohne-endung")
        XCTAssertEqual(try hits("Hydraulikzylinder").first?["page"] as? Int, 1)
        XCTAssertEqual(try hits("Gemeindehaus").first?["id"] as? String, docs + "/posteingang#m1@example.org")
        XCTAssertEqual(try hits("Feldsalat").count, 0)
        // Without --verbose, unknown files are not mentioned.
        _ = try write("docs/neu.csv", "x")
        XCTAssertEqual(try ingest([docs]).stderr, "")
        // Named on the command line, a file of no known format is read as text.
        let named = try write("liste.csv", "Einkauf\n\nFeldsalat und Radieschen\n")
        try ingest([named])
        XCTAssertEqual(try hits("Radieschen").first?["id"] as? String, named)
    }

    func testIncrementalRunsFullAndJobsTreatEveryFormatAlike() throws {
        try writeEveryFormat()
        try ingest([docs])
        let again = try ingest(["--summary", docs])
        XCTAssertTrue(again.stderr.contains("0 added, 0 changed, 0 removed, 10 unchanged"), again.stderr)  // documents, not files
        // A message gone from the mailbox goes from the index, the others stay unchanged.
        let mbox = docs + "/verein.mbox"
        try (Self.mboxMessage(1, id: "m1@example.org", subject: "Vereinssitzung", body: "Die Vereinssitzung findet im Gemeindehaus statt.")
            + Self.mboxMessage(3, id: "m3@example.org", subject: "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=", body: "Die Sonnenblumen im Schrebergarten blühen und duften."))
            .write(toFile: mbox, atomically: true, encoding: .utf8)
        let changed = try ingest(["--summary", docs])
        XCTAssertTrue(changed.stderr.contains("0 added, 1 changed, 1 removed, 8 unchanged"), changed.stderr)
        XCTAssertEqual(try hits("Zeltplatz").count, 0)
        XCTAssertEqual(try hits("duften").count, 1)
        // The mailbox deleted: all its messages go.
        try FileManager.default.removeItem(atPath: mbox)
        let removed = try ingest(["--summary", docs])
        XCTAssertTrue(removed.stderr.contains("0 added, 0 changed, 2 removed, 7 unchanged"), removed.stderr)
        XCTAssertEqual(try hits("Gemeindehaus").count, 0)
        // --full and --jobs build the same index.
        try FileManager.default.removeItem(atPath: db)
        try writeEveryFormat()
        try ingest(["--full", "--jobs", "3", docs])
        let everyOne = "Gemeindehaus OR Zeltplatz OR Schrebergarten OR Streuselkuchen OR Petersilie OR Zahnradpumpe OR "
            + "Windkraftanlage OR Tomatenpflanzen OR Mitternachtssonne OR Kirschtorte"
        let ids = try search(["--ids", "--limit", "50", everyOne]).stdoutLines.sorted()
        try ingest(["--full", docs])
        XCTAssertEqual(try search(["--ids", "--limit", "50", everyOne]).stdoutLines.sorted(), ids)
        XCTAssertEqual(ids.count, 10, "\(ids)")
        XCTAssertEqual(try hits("Zahnradpumpe").first?["page"] as? Int, 2)
    }
}
