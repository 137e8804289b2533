import Foundation
import XCTest

/// Issue 15, point 5, and issue 16, point 7: control characters from
/// documents, ids, file names, field values and queries never reach a
/// terminal raw, on any stream: stderr (with and without --verbose), the
/// --log file, and --format tsv, whose fields are escaped reversibly.
final class StreamSafetyTests: CLITestCase {
    /// An OSC 52 clipboard write, a clear-screen, a C1 CSI, bidi overrides.
    static let osc52 = "\u{1B}]52;c;ZWNobyBnZWthcGVydA==\u{07}"
    static let nasty = [osc52, "\u{1B}[2J", "\u{9B}31m", "\u{202E}", "\u{2066}", "\u{1B}c", "\r", "\u{08}"]

    /// Records whose id, title, date and source hold the nasty strings; some
    /// dates are so bad the record is refused and quoted in the message.
    func records() -> [[String: String]] {
        var out: [[String: String]] = []
        for (i, n) in Self.nasty.enumerated() {
            out.append(["id": "id\(n)\(i)", "title": "Titel \(n) Rakete", "text": "Die Rakete \(n) startet.",
                        "source": "Quelle\(n)"])
            out.append(["id": "datum\(i)", "title": "Rakete", "text": "Die Rakete startet.", "date": "2024\(n)-01-01"])
            out.append(["id": "feld\(i)", "title": "Rakete", "text": "Rakete", "url": "http://x/\(n)", "unbekannt\(n)": "x"])
        }
        return out
    }

    /// With `broken`, a last line that is not JSON, quoted in its message.
    func jsonLines(_ records: [[String: String]], broken: Bool = false) throws -> String {
        try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
            .joined(separator: "\n") + "\n" + (broken ? "{\"id\":\"kaputt\(Self.osc52)\", \"text\": \n" : "")
    }

    /// A folder of files whose names hold ESC, newline, BEL and bidi
    /// overrides: one indexed, one binary (skipped, with a message).
    func hostileFolder() throws -> String {
        let folder = directory.appendingPathComponent("notizen")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "Die Rakete startet.".write(to: folder.appendingPathComponent("a\u{1B}[2Jb\nc\u{202E}.txt"), atomically: true,
                                        encoding: .utf8)
        try Data([0x52, 0x00, 0x01]).write(to: folder.appendingPathComponent("bin\u{1B}]52;c;eA==\u{07}.txt"))
        return folder.path
    }

    func assertSafe(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for problem in HostileOutputTests.unsafe(in: text, allowSGR: false).prefix(5) {
            XCTFail("\(what): \(problem)", file: file, line: line)
        }
    }

    func testMessagesVerboseLinesAndLogNeverCarryControls() throws {
        let input = try write("hostile.jsonl", try jsonLines(records(), broken: true))
        let folder = try hostileFolder()
        let missing = directory.appendingPathComponent("fehlt\u{1B}[2J\n.jsonl").path
        let log = directory.appendingPathComponent("run.log").path
        for verbose in [false, true] {
            let args = ["--db", db, "--lexicon", CLITestCase.smallLexicon, "--summary", "--log", log, input, folder, missing]
                + (verbose ? ["--verbose", "--full"] : [])
            let result = try CLI.run("fundus-ingest", args)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("got \"2024␛]52;c;ZWNobyBnZWthcGVydA==␇-01-01\""), result.stderr)
            XCTAssertTrue(result.stderr.contains("bin␛]52;c;eA==␇.txt"), result.stderr)
            if verbose { XCTAssertTrue(result.stderr.contains("added id␛[2J1"), result.stderr) }
            assertSafe(result.stderr, "stderr, verbose \(verbose)")
        }
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertTrue(logged.contains("a␛[2Jb␊c\u{FFFD}.txt"), logged)  // a --verbose line of the second run
        XCTAssertTrue(logged.contains("start: ") && logged.contains("fehlt␛[2J␊.jsonl"), logged)
        assertSafe(logged, "--log")
        // Searches that fail quote their query, their queries file, their options.
        let queries = try write("anfragen\u{1B}[2J.txt", "Rakete \u{1B}]52;c;eA==\u{07} (\n\u{9B}31m AND\n")
        for args in [["Rakete\u{1B}[2J", "("], ["--queries", queries], ["--format", "tsv\u{1B}[2J", "x"],
                     ["--queries", queries + "\u{202E}"]] {
            let result = try search(args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertFalse(result.stderr.isEmpty)
            assertSafe(result.stderr, "search \(args)")
        }
    }

    /// On a terminal, ingest rewrites a progress line naming the input; the
    /// line's own `CR ESC[K` is the only control allowed through.
    func testProgressLineShowsFileNamesSafely() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script(1) is needed for a pseudo-terminal")
        }
        let folder = directory.appendingPathComponent("ordner\u{1B}[2J\u{1B}]52;c;eA==\u{07}\u{202E}")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for i in 1...3 { try "Die Rakete \(i) startet.".write(to: folder.appendingPathComponent("n\(i).txt"), atomically: true,
                                                           encoding: .utf8) }
        let ingest = "'\(CLI.productsDirectory.path)/fundus-ingest' --db '\(db)' --lexicon '\(CLITestCase.smallLexicon)' "
            + "'\(folder.path)'"
        let result = try CLI.runShell("script -qec \"\(ingest)\" /dev/null")
        XCTAssertEqual(result.status, 0, result.stdout)
        let shown = result.stdout.replacingOccurrences(of: "\r\u{1B}[K", with: "").replacingOccurrences(of: "\r\n", with: "\n")
        XCTAssertTrue(shown.contains("ordner␛[2J␛]52;c;eA==␇\u{FFFD}: "), shown.debugDescription)
        assertSafe(shown, "progress line")
    }

    /// Undoes `TSVText.field`'s escapes, as a script would.
    func unescape(_ field: Substring) -> String {
        var out = String.UnicodeScalarView()
        var scalars = field.unicodeScalars.makeIterator()
        while let c = scalars.next() {
            guard c == "\\" else { out.append(c); continue }
            switch scalars.next() {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "\\": out.append("\\")
            case "u":
                XCTAssertEqual(scalars.next(), "{")
                var hex = ""
                while let h = scalars.next(), h != "}" { hex.unicodeScalars.append(h) }
                out.append(Unicode.Scalar(UInt32(hex, radix: 16)!)!)
            case let other: XCTFail("unknown escape \\\(String(describing: other))")
            }
        }
        return String(out)
    }

    func testTSVEscapesFieldsReversibly() throws {
        let ids = ["a\tb\nc", "a b c", "back\\slash\\t", "esc\u{1B}[31mrot\u{1B}[0m", "osc\(Self.osc52)", "cr\r\nlf",
                   "c1\u{85}\u{9B}x", "bidi\u{202E}txt", "\u{2028}ls", "del\u{7F}", "\\u{1b}", "Ümlaut 🚀 e\u{301}"]
        let records = ids.map { ["id": $0, "title": "Titel \($0)", "text": "Die Rakete \($0) startet."] }
        try ingest([try write("ids.jsonl", try jsonLines(records))])
        let result = try search(["--format", "tsv", "--limit", "100", "Rakete"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = result.stdout.utf8.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(rows.count, ids.count)
        var seen: [String] = []
        for row in rows {
            let fields = row.unicodeScalars.split(separator: "\t", omittingEmptySubsequences: false).map { Substring($0) }
            XCTAssertEqual(fields.count, 7, row.debugDescription)
            for field in fields { assertSafe(String(field), "tsv field") }
            let id = unescape(fields[2])
            seen.append(id)
            XCTAssertEqual(unescape(fields[5]), "Titel " + id)
        }
        XCTAssertEqual(seen.sorted(), ids.sorted())
        XCTAssertTrue(rows.contains { $0.contains("\ta\\tb\\nc\t") }, result.stdout)
        XCTAssertTrue(rows.contains { $0.contains("\tesc\\u{1b}[31mrot\\u{1b}[0m\t") }, result.stdout)
        // --count with --queries echoes each query, escaped alike.
        let queries = try write("q.txt", "Rakete\u{1B}[2J\nRakete\\t\n")
        let counts = try search(["--format", "tsv", "--count", "--queries", queries])
        XCTAssertEqual(counts.stdout, "\(ids.count)\tRakete\\u{1b}[2J\n\(ids.count)\tRakete\\\\t\n")
        let text = try search(["--count", "--queries", queries])
        assertSafe(text.stdout.replacingOccurrences(of: "\t", with: " "), "--count text")
    }
}
