import Foundation
import XCTest

/// An incremental run that outgrows its transaction budget moves to a copy
/// of the index (issue 19: memory bounded whatever the size of the update),
/// and a user sees the same result, the same messages, and an index that
/// changed all at once.
final class IngestLargeUpdateTests: CLITestCase {
    private func notes(_ ids: Range<Int>, _ extra: String) -> String {
        ids.map { i in
            #"{"id":"n\#(i)","title":"Notiz \#(i)","text":"Der Wetterbericht \#(i) meldet Sturm über dem Hafen. \#(extra)"}"#
        }.joined(separator: "\n") + "\n"
    }

    private func stub() throws -> String { try String(contentsOfFile: db, encoding: .utf8) }

    private func ingest(_ arguments: [String], budget: Int) throws -> CommandResult {
        let args = ["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments
        return try CLI.run("fundus-ingest", args, environment: ["FUNDUS_TRANSACTION_PASSAGES": String(budget)])
    }

    func testAnUpdateOverItsBudgetLandsWholeThroughACopy() throws {
        let first = try write("a.jsonl", notes(0..<40, "Alles ruhig."))
        XCTAssertEqual(try ingest([first], budget: 10).status, 0)
        XCTAssertEqual(try stub(), "glass db.generations/gen-1\n")

        // Within the budget: one transaction in place, the generation stays.
        let small = try write("b.jsonl", notes(0..<3, "Kleine Korrektur."))
        let inPlace = try ingest(["--verbose", small], budget: 10)
        XCTAssertEqual(inPlace.status, 0, inPlace.stderr)
        XCTAssertEqual(try stub(), "glass db.generations/gen-1\n")

        // Over it: 30 changed and 5 new documents go into a copy, switched in whole.
        let large = try write("c.jsonl", notes(0..<35, "Schiffe bleiben im Hafen."))
        let copied = try ingest(["--verbose", "--summary", large], budget: 10)
        XCTAssertEqual(copied.status, 0, copied.stderr)
        XCTAssertEqual(try stub(), "glass db.generations/gen-2\n")
        let told = copied.stderr.split(separator: "\n").filter { $0.hasPrefix("fundus-ingest: changed ") }
        XCTAssertEqual(told.count, 35, "each change is told once: \(copied.stderr)")
        XCTAssertEqual(Set(told).count, 35)
        XCTAssertTrue(copied.stderr.contains("0 added, 35 changed, 0 removed, 0 unchanged, 0 failed"), copied.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations"), ["gen-2"])

        let found = try search(["--count", "Schiffe"])
        XCTAssertEqual(found.stdout, "35\n", found.stderr)
        XCTAssertEqual(try search(["--count", "ruhig"]).stdout, "5\n")
        // The next run finds nothing to do, in place.
        let again = try ingest(["--summary", large], budget: 10)
        XCTAssertTrue(again.stderr.contains("0 added, 0 changed, 0 removed, 35 unchanged"), again.stderr)
        XCTAssertEqual(try stub(), "glass db.generations/gen-2\n")
    }

    /// kill -9 at moments spread over a large update (the given-up
    /// transaction, the copy, the update in the copy, the switch): every time
    /// the index is the one before the run, whole, and the next run finishes.
    func testKilledLargeUpdateLeavesTheIndexAsItWasAndTheNextRunFinishes() throws {
        let documents = 1500
        try ingest([try generatedCorpus("old.jsonl", count: documents, word: "Bahnhof")])
        let changed = try generatedCorpus("new.jsonl", count: documents, word: "Flughafen")
        let budget = ["FUNDUS_TRANSACTION_PASSAGES": "500"]
        for (i, delay) in [0.05, 0.3, 0.7, 1.1, 1.6, 2.2, 3.0].enumerated() {
            let run = try startIngest([changed], environment: budget)
            Thread.sleep(forTimeInterval: delay)
            run.killHard()
            let before = try search(["--count", "Bahnhof"])
            let after = try search(["--count", "Flughafen"])
            // Either the whole update landed (a late kill) or none of it.
            XCTAssertTrue(before.stdout == "\(documents)\n" && after.status == 1
                          || before.status == 1 && after.stdout == "\(documents)\n",
                          "kill \(i + 1) at \(delay) s: Bahnhof \(before.stdout), Flughafen \(after.stdout)")
            let check = try CLI.run("fundus-ingest", ["--db", db, "--check"])
            XCTAssertEqual(check.status, 0, "kill \(i + 1): \(check.stdout) \(check.stderr)")
        }
        let final = try ingest([changed], budget: 500)
        XCTAssertEqual(final.status, 0, final.stderr)
        XCTAssertEqual(try search(["--count", "Flughafen"]).stdout, "\(documents)\n")
        XCTAssertEqual(try search(["--count", "Bahnhof"]).status, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: db + ".generations").count, 1)
    }
}
