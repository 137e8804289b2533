import Foundation
import XCTest

/// Issue 15, point 10: a write that fails is exit 2 with a message where one
/// can still be written; a reader that went away (`| head`) is a quiet
/// success. `/dev/full` fails every write with ENOSPC, as a full disk does.
///
/// Before: `2>/dev/full` made both tools die with a Swift fatal error
/// (status 132, FileHandle.write's `try!`), `--log /dev/full` trapped the
/// same way, and `>/dev/full` lost the answers with status 0.
final class WriteFailureTests: CLITestCase {
    var tools: String { CLI.productsDirectory.path }

    func shell(_ script: String) throws -> CommandResult { try CLI.runShell(script) }

    func ingestRecords(_ count: Int) throws -> String {
        let lines = (1...count).map {
            "{\"id\":\"dokument-mit-langer-nummer-\($0)\",\"title\":\"Rakete \($0)\",\"text\":\"Die Rakete Nummer \($0) startet.\"}"
        }
        let path = try write("many.jsonl", lines.joined(separator: "\n") + "\n")
        try ingest([path])
        return path
    }

    func testSearchOutputOnAFullDeviceIsAnError() throws {
        _ = try ingestRecords(3)
        for options in ["", "--format tsv", "--format jsonl", "--ids", "--count", "--help"] {
            let result = try shell("'\(tools)/fundus-search' --db '\(db)' \(options) Rakete >/dev/full")
            XCTAssertEqual(result.status, 2, "\(options): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("fundus-search: cannot write"), "\(options): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("No space left on device"), result.stderr)
        }
    }

    func testSearchMessagesOnAFullDeviceDoNotCrash() throws {
        _ = try ingestRecords(3)
        // An error whose message is lost: still exit 2, not a trap (132).
        for query in ["'Rakete ('", "--bogus Rakete", "--limit x Rakete"] {
            let result = try shell("'\(tools)/fundus-search' --db '\(db)' \(query) 2>/dev/full")
            XCTAssertEqual(result.status, 2, query)
        }
        // No hits and a suggestion ("Meinten Sie") lost: 2 rather than 1.
        let lost = try shell("'\(tools)/fundus-search' --db '\(db)' --no-typos Rakte 2>/dev/full")
        XCTAssertEqual(lost.status, 2)
        // Hits on stdout and nothing for stderr: still a success.
        let fine = try shell("'\(tools)/fundus-search' --db '\(db)' Rakete 2>/dev/full")
        XCTAssertEqual(fine.status, 0)
        XCTAssertTrue(fine.stdout.contains("Rakete"))
    }

    func testCheckOutputOnAFullDeviceIsAnError() throws {
        _ = try ingestRecords(3)
        let result = try shell("'\(tools)/fundus-ingest' --db '\(db)' --check >/dev/full")
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: cannot write standard output: No space left on device\n")
        let help = try shell("'\(tools)/fundus-ingest' --help >/dev/full")
        XCTAssertEqual(help.status, 2, help.stderr)
    }

    func testLogOnAFullDeviceIsAnErrorButTheRunIsDone() throws {
        let input = try write("a.jsonl", "{\"id\":\"a\",\"title\":\"Rakete\",\"text\":\"Die Rakete startet.\"}\n")
        let result = try shell("'\(tools)/fundus-ingest' --db '\(db)' --log /dev/full '\(input)'")
        XCTAssertEqual(result.status, 2, result.stderr)
        // Said once, though the run writes several log lines.
        XCTAssertEqual(result.stderr, "fundus-ingest: cannot write log /dev/full: No space left on device\n")
        XCTAssertEqual(try search(["--ids", "Rakete"]).stdout, "a\n")
    }

    func testIngestMessagesOnAFullDeviceDoNotCrash() throws {
        let input = try write("a.jsonl", "{\"id\":\"a\",\"title\":\"Rakete\",\"text\":\"Die Rakete startet.\"}\n")
        let bogus = try shell("'\(tools)/fundus-ingest' --db '\(db)' --bogus 2>/dev/full")
        XCTAssertEqual(bogus.status, 2)
        let summary = try shell("'\(tools)/fundus-ingest' --db '\(db)' --summary '\(input)' 2>/dev/full")
        XCTAssertEqual(summary.status, 2, "the summary asked for was lost")
        XCTAssertEqual(try search(["--ids", "Rakete"]).stdout, "a\n")
        let quiet = try shell("'\(tools)/fundus-ingest' --db '\(db)' '\(input)' 2>/dev/full")
        XCTAssertEqual(quiet.status, 0, "nothing to say, nothing lost")
    }

    func testClosedPipesAreQuietSuccesses() throws {
        let input = try ingestRecords(3000)
        for options in ["--limit 3000", "--limit 3000 --format tsv", "--limit 3000 --ids"] {
            let result = try shell("'\(tools)/fundus-search' --db '\(db)' \(options) Rakete | head -n 1; exit ${PIPESTATUS[0]}")
            XCTAssertEqual(result.status, 0, "\(options): \(result.stderr)")
            XCTAssertEqual(result.stderr, "", options)
            XCTAssertEqual(result.stdoutLines.count, 1, options)
        }
        // Ingest's --verbose lines (3,000 of them, more than a pipe holds) to
        // a reader that stops after one: the run goes on and succeeds.
        let verbose = try shell("'\(tools)/fundus-ingest' --db '\(directory.path)/db2' --verbose '\(input)' 2>&1 >/dev/null "
            + "| head -n 1; exit ${PIPESTATUS[0]}")
        XCTAssertEqual(verbose.status, 0, verbose.stderr)
        XCTAssertEqual(verbose.stderr, "")
        XCTAssertEqual(verbose.stdoutLines.count, 1)
        let count = try CLI.run("fundus-search", ["--db", "\(directory.path)/db2", "--count", "Rakete"])
        XCTAssertEqual(count.stdout, "3000\n")
        let check = try shell("'\(tools)/fundus-ingest' --db '\(db)' --check --verbose | head -c 1; exit ${PIPESTATUS[0]}")
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(check.stderr, "")
    }
}
