import FundusCore
import XCTest

/// What must not depend on where Fundus runs or how the index is named
/// (issue 14): every form of --db, the lexicon looked up beside the program
/// and in the XDG folders, the warning for an index made without one, and
/// notes whose only line is their title.
final class AnywhereCLITests: CLITestCase {
    // Split by CLITestCase.smallLexicon (rakete, abwehr), not by "kurz, strecke".
    let record = #"{"id":"k1","title":"Meldung","text":"Die Raketenabwehr wurde erprobt."}"# + "\n"

    func testEveryFormOfIndexName() throws {
        let work = directory.appendingPathComponent("work/inner").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let input = try write("meldungen.jsonl", record)
        let forms: [(db: String?, env: [String: String], stub: String)] = [
            ("idx", [:], "work/inner/idx"),
            ("./dot", [:], "work/inner/dot"),
            ("../up/idx", [:], "work/up/idx"),
            (directory.path + "/absolute", [:], "absolute"),
            ("~/tilde", ["HOME": directory.path], "tilde"),
            ("mit Leerzeichen/idx", [:], "work/inner/mit Leerzeichen/idx"),
            (nil, ["FUNDUS_DB": "fromenv"], "work/inner/fromenv"),
        ]
        try FileManager.default.createDirectory(atPath: directory.path + "/work/up", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: work + "/mit Leerzeichen", withIntermediateDirectories: true)
        for form in forms {
            let db = form.db.map { ["--db", $0] } ?? []
            let label = form.db ?? "FUNDUS_DB"
            for run in [[input], ["--full", input], ["--compact"], ["--check"], [input]] {
                let result = try CLI.run("fundus-ingest", db + ["--lexicon", CLITestCase.smallLexicon] + run,
                                         environment: form.env, directory: URL(fileURLWithPath: work))
                XCTAssertEqual(result.status, 0, "\(label) \(run): \(result.stderr)")
            }
            let search = try CLI.run("fundus-search", db + ["--ids", "Rakete"], environment: form.env,
                                     directory: URL(fileURLWithPath: work))
            XCTAssertEqual(search.stdout, "k1\n", "\(label): \(search.stderr)")
            let stub = directory.appendingPathComponent(form.stub).path
            XCTAssertTrue(FileManager.default.fileExists(atPath: stub + ".generations"), "\(label): no generations at \(stub)")
        }
    }

    /// The program copied to `folder/bin`, as an install without a lexicon
    /// would leave it; XDG folders pointed into the test's directory.
    func copyProgram(to folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        let copy = folder + "/bin/fundus-ingest"
        try FileManager.default.copyItem(atPath: CLI.productsDirectory.appendingPathComponent("fundus-ingest").path, toPath: copy)
        return copy
    }

    func runCopy(_ program: String, _ arguments: [String], dataHome: String? = nil) throws -> CommandResult {
        var command = ["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "HOME=\(directory.path)/home",
                       "XDG_DATA_DIRS=\(directory.path)/nothing"]
        if let dataHome { command.append("XDG_DATA_HOME=\(dataHome)") }
        let quoted = (command + [program] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try CLI.runShell("cd '\(directory.path)' && " + quoted)
    }

    func testNewIndexWithoutLexiconSaysSoOnce() throws {
        let program = try copyProgram(to: directory.path + "/plain")
        let input = try write("meldungen.jsonl", record)
        let first = try runCopy(program, ["--db", "idx", input])
        XCTAssertEqual(first.status, 0, first.stderr)
        let lines = first.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, first.stderr)
        XCTAssertTrue(first.stderr.hasPrefix("fundus-ingest: warning: no compound lexicon found, so idx does not split compounds"),
                      first.stderr)
        let again = try runCopy(program, ["--db", "idx", input])
        XCTAssertEqual(again.stderr, "", "an incremental run on the existing index does not repeat it")
        let full = try runCopy(program, ["--db", "idx", "--full", input])
        XCTAssertTrue(full.stderr.contains("no compound lexicon found"), "a rebuild without a lexicon says it again")
        let named = try runCopy(program, ["--db", "other", "--lexicon", CLITestCase.smallLexicon, input])
        XCTAssertEqual(named.stderr, "")
    }

    func testLexiconBesideTheProgramAndInXDGDataHome() throws {
        let words = "rakete\nraketen\nabwehr\n"
        // PREFIX/share/fundus/de.txt beside PREFIX/bin.
        let prefixed = try copyProgram(to: directory.path + "/prefix")
        _ = try write("prefix/share/fundus/de.txt", words)
        // $XDG_DATA_HOME/fundus/de.txt for a program installed without one.
        let bare = try copyProgram(to: directory.path + "/bare")
        _ = try write("data/fundus/de.txt", words)
        let input = try write("meldungen.jsonl", record)
        for (program, dataHome, db) in [(prefixed, nil, "a"), (bare, directory.path + "/data", "b")] {
            let result = try runCopy(program, ["--db", db, input], dataHome: dataHome)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stderr, "", db)
            let search = try CLI.run("fundus-search", ["--db", directory.path + "/" + db, "--ids", "Rakete"])
            XCTAssertEqual(search.stdout, "k1\n", "\(db): the compound was not split")
        }
    }

    /// An index keeps the lexicon it was built with until the user names another:
    /// a cron run without --lexicon neither drops it nor swaps in the default.
    func testIndexKeepsItsOwnLexicon() throws {
        let program = try copyProgram(to: directory.path + "/prefix")
        _ = try write("prefix/share/fundus/de.txt", "strecke\nkurz\n")
        let input = try write("meldungen.jsonl", record)
        XCTAssertEqual(try runCopy(program, ["--db", "idx", "--lexicon", CLITestCase.smallLexicon, input]).status, 0)
        let again = try runCopy(program, ["--db", "idx", "--summary", input])
        XCTAssertTrue(again.stderr.contains("0 added, 0 changed, 0 removed, 1 unchanged"), again.stderr)
        let search = try CLI.run("fundus-search", ["--db", directory.path + "/idx", "--ids", "Rakete"])
        XCTAssertEqual(search.stdout, "k1\n")
    }

    func testNotesOfOneLineAreFound() throws {
        _ = try write("notes/steuer.txt", "Steuererklärung abgeben bis Juli\n")
        _ = try write("notes/ohne-zeilenende.txt", "Zahnarzttermin am Donnerstag")
        _ = try write("notes/liste.md", "# Einkaufsliste für den Wochenmarkt\n")
        let feed = try write("feed.jsonl", #"{"id":"nur-titel","title":"Hafenfest in Kiel","text":""}"# + "\n")
        try ingest([directory.appendingPathComponent("notes").path, feed])
        let expected = ["Steuererklärung": "steuer.txt", "title:Steuererklärung": "steuer.txt", "Juli": "steuer.txt",
                        "Zahnarzttermin": "ohne-zeilenende.txt", "Donnerstag": "ohne-zeilenende.txt",
                        "Wochenmarkt": "liste.md", "title:Einkaufsliste": "liste.md", "Hafenfest": "nur-titel",
                        "title:Kiel": "nur-titel"]
        for (query, id) in expected {
            let result = try search(["--format", "jsonl", query])
            XCTAssertEqual(result.status, 0, "\(query): \(result.stderr)")
            let hits = result.hitRecords()
            XCTAssertEqual(hits.count, 1, "\(query): \(result.stdout)")
            XCTAssertTrue((hits.first?["id"] as? String ?? "").hasSuffix(id), "\(query): \(result.stdout)")
        }
        // The title is the passage, and what the text output shows.
        let text = try search(["--color", "never", "Zahnarzttermin"])
        XCTAssertTrue(text.stdout.contains("passage 1"), text.stdout)
        XCTAssertTrue(text.stdout.contains("\nZahnarzttermin am Donnerstag\n"), text.stdout)
    }
}
