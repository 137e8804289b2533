import FundusCore
import XCTest

/// A table lost from the index is found by --check, refused by search, and
/// never written into by ingest (issue 15, point 12). Xapian itself takes a
/// missing position or termlist table for an empty one.
final class IndexDamageTests: CLITestCase {
    let fm = FileManager.default

    func run(_ arguments: [String]) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments)
    }

    /// Every file of the database, with its bytes.
    func snapshot(_ database: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try fm.contentsOfDirectory(atPath: database) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: database + "/" + name))
        }
        return files
    }

    func testLostPositionOrTermlistTableIsFoundRefusedAndNeverWrittenInto() throws {
        let corpus = try generatedCorpus("g.jsonl", count: 40)
        let more = try write("more.jsonl", "{\"id\":\"m\",\"text\":\"Der Bahnhof am Hafen wird neu gebaut.\"}\n")
        for table in ["position", "termlist"] {
            try? fm.removeItem(atPath: db)
            try? fm.removeItem(atPath: db + ".generations")
            try ingest([corpus])
            XCTAssertEqual(try search(["--count", "\"Bahnhof Nummer\""]).stdout, "40\n")
            let database = try IndexStore(path: db).currentDatabase()
            try fm.removeItem(atPath: database + "/\(table).glass")
            let before = try snapshot(database)
            let stub = try String(contentsOfFile: db, encoding: .utf8)

            let check = try run(["--check"])
            XCTAssertEqual(check.status, 2, "\(table): \(check.stdout)")
            XCTAssertTrue(check.stdout.contains("\(table).glass is missing"), "\(table): \(check.stdout)")

            for query in ["\"Bahnhof Nummer\"", "Bahnhof NEAR Nummer", "Bahnhof"] {
                let search = try search([query])
                XCTAssertEqual(search.status, 2, "\(table), \(query): \(search.stdout)")
                XCTAssertEqual(search.stdout, "")
                XCTAssertEqual(search.stderr.split(separator: "\n").count, 1, search.stderr)
                XCTAssertTrue(search.stderr.contains(db) && search.stderr.contains("\(table).glass"), search.stderr)
            }
            for arguments in [[more], ["--compact"], [more, "--compact"]] {
                let result = try run(arguments)
                XCTAssertEqual(result.status, 2, "\(table), \(arguments): \(result.stderr)")
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
                XCTAssertTrue(result.stderr.contains("\(table).glass"), result.stderr)
                XCTAssertEqual(try snapshot(database), before, "\(table), \(arguments): the damaged index was written")
                XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), stub)
            }
            // --full builds a new generation from the inputs: the repair.
            let full = try run(["--full", corpus, more])
            XCTAssertEqual(full.status, 0, full.stderr)
            XCTAssertEqual(try run(["--check"]).status, 0)
            XCTAssertEqual(try search(["--count", "\"Bahnhof Nummer\""]).stdout, "40\n")
        }
    }
}
