import Foundation
import XCTest

/// What reaches a terminal or a script, whatever the documents contain.
final class OutputCLITests: CLITestCase {
    func testControlCharactersNeverReachTheTerminalRaw() throws {
        let nasty = "Rakete \u{1B}[2J\u{1B}]0;gekapert\u{07} Zeile\rweg \u{202E}gnuthcA\u{202C} \u{0} Ende"
        let record = try JSONSerialization.data(withJSONObject: ["id": "x\u{1B}[31m", "title": "T\u{1B}[1m", "text": nasty])
        try ingest([try write("nasty.jsonl", String(decoding: record, as: UTF8.self) + "\n")])
        for color in ["always", "never"] {
            let out = try search(["--color", color, "Rakete"]).stdout
            let raw = out.replacingOccurrences(of: "\u{1B}[0m", with: "").replacingOccurrences(of: "\u{1B}[35m", with: "")
                .replacingOccurrences(of: "\u{1B}[1m", with: "").replacingOccurrences(of: "\u{1B}[2m", with: "")
                .replacingOccurrences(of: "\u{1B}[1;31m", with: "")
            XCTAssertFalse(raw.contains("\u{1B}"), "escape leaked with --color \(color): \(raw.debugDescription)")
            XCTAssertFalse(raw.contains("\r"), raw.debugDescription)
            XCTAssertFalse(raw.contains("\u{07}"), raw.debugDescription)
            XCTAssertFalse(raw.contains("\u{202E}"), raw.debugDescription)
            XCTAssertTrue(raw.contains("␛[2J"), raw.debugDescription)
        }
        // JSON keeps the text exact and valid.
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Rakete"]).hitRecords().first)
        XCTAssertEqual(hit["id"] as? String, "x\u{1B}[31m")
        XCTAssertTrue((hit["snippet"] as? String ?? "").contains("\u{1B}[2J"))
    }

    func testJSONLinesSchemaIsStable() throws {
        try ingest([try write("n.jsonl", """
            {"id":"s1","title":"Titel","text":"Ein Satz über Raketen.","date":"2024-01-02","source":"Quelle","url":"https://example.org/a"}

            """)])
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Raketen"]).hitRecords().first)
        XCTAssertEqual(Set(hit.keys), ["type", "qnum", "query", "rank", "id", "title", "passage", "score", "snippet", "highlights",
                                       "source", "url", "date"])
        XCTAssertEqual(hit["source"] as? String, "Quelle")
        XCTAssertEqual(hit["url"] as? String, "https://example.org/a")
        XCTAssertEqual(hit["date"] as? String, "2024-01-02")
        XCTAssertEqual(hit["highlights"] as? [[Int]], [[14, 21]])
    }

    func testBrokenPipeExitsQuietly() throws {
        let lines = (1...300).map { "{\"id\":\"d\($0)\",\"title\":\"Rakete \($0)\",\"text\":\"Die Rakete Nummer \($0) startet.\"}" }
        try ingest([try write("many.jsonl", lines.joined(separator: "\n") + "\n")])
        let script = "'\(CLI.productsDirectory.path)/fundus-search' --db '\(db)' --limit 300 --all-passages Rakete | head -n 1; "
            + "exit ${PIPESTATUS[0]}"
        let result = try CLI.runShell(script)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdoutLines.count, 1)
    }

    func testNoColorIsRespectedAndAlwaysOverridesIt() throws {
        try ingest([try write("n.jsonl", "{\"id\":\"a\",\"text\":\"Raketen\"}\n")])
        XCTAssertFalse(try CLI.run("fundus-search", ["--db", db, "Raketen"], environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}"))
        XCTAssertTrue(try CLI.run("fundus-search", ["--db", db, "--color", "always", "Raketen"], environment: ["NO_COLOR": "1"])
            .stdout.contains("\u{1B}["))
    }
}
