import Foundation
import XCTest

/// Inputs of issue 15 (points 9 and 13): a FIFO or device named on the
/// command line, a lone surrogate escape in JSON, stray control characters
/// in a text file. Each command runs under `timeout`, so that a regression
/// that opens a FIFO or reads /dev/zero fails the test instead of hanging it.
final class IngestSpecialInputTests: CLITestCase {
    private var ingestPath: String { CLI.productsDirectory.appendingPathComponent("fundus-ingest").path }

    private func ingestWithTimeout(_ arguments: [String]) throws -> CommandResult {
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        return try CLI.runShell("timeout 60 '\(ingestPath)' --db '\(db)' --lexicon '\(CLITestCase.smallLexicon)' \(quoted)")
    }

    private func ids(_ query: String) throws -> [String] {
        try search(["--format", "jsonl", "--limit", "100", query]).jsonLines().compactMap { $0["id"] as? String }
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func removeIndex() throws {
        for suffix in ["", ".generations", ".lock"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    }

    // MARK: Point 9

    func testFIFOAndDevicesNamedOnTheCommandLineAreRefusedUnopened() throws {
        let good = try write("gut.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        XCTAssertEqual(mkfifo(path("f.jsonl"), 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: path("z.jsonl"), withDestinationPath: "/dev/zero")
        try FileManager.default.createSymbolicLink(atPath: path("lf.ndjson"), withDestinationPath: path("f.jsonl"))
        try FileManager.default.createSymbolicLink(atPath: path("n.txt"), withDestinationPath: "/dev/null")
        let expected = """
            fundus-ingest: skipped \(path("f.jsonl")): not a regular file (a FIFO), skipped
            fundus-ingest: skipped \(path("z.jsonl")): not a regular file (a symbolic link to a character device), skipped
            fundus-ingest: skipped \(path("lf.ndjson")): not a regular file (a symbolic link to a FIFO), skipped
            fundus-ingest: skipped \(path("n.txt")): not a regular file (a symbolic link to a character device), skipped
            fundus-ingest: skipped /dev/zero: not a regular file (a character device), skipped

            """
        let inputs = [path("f.jsonl"), path("z.jsonl"), good, path("lf.ndjson"), path("n.txt"), "/dev/zero"]
        let result = try ingestWithTimeout(inputs)
        XCTAssertEqual(result.status, 1, result.stderr)  // 124 would be the timeout: something was opened
        XCTAssertEqual(result.stderr, expected)
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
        // Unchanged since, they are not reported again (KnownProblems); a new
        // index meets them anew. Parallel ingest measures its inputs first:
        // it must not open them either.
        let again = try ingestWithTimeout(inputs)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stderr, "")
        try removeIndex()
        let parallel = try ingestWithTimeout(["--full", "--jobs", "2"] + inputs)
        XCTAssertEqual(parallel.status, 1, parallel.stderr)
        XCTAssertEqual(parallel.stderr, expected)
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
        // Nothing but special files: nothing done, exit 2.
        try removeIndex()
        XCTAssertEqual(try ingestWithTimeout([path("f.jsonl"), path("z.jsonl")]).status, 2)
    }

    func testSocketNamedOnTheCommandLineIsRefused() throws {
        let good = try write("gut.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        let socketPath = path("s.jsonl")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try XCTSkipIf(bound != 0 || socketPath.utf8.count >= 100, "cannot bind a socket at \(socketPath)")
        let result = try ingestWithTimeout([socketPath, good])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: skipped \(socketPath): not a regular file (a socket), skipped\n")
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
    }

    /// A link named on the command line is followed to a regular file, as
    /// the README says: the user chose it (unlike a link met in a directory).
    func testNamedLinkToARegularFileIsRead() throws {
        let real = try write("echt/news.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        try FileManager.default.createSymbolicLink(atPath: path("link.jsonl"), withDestinationPath: real)
        let result = try ingestWithTimeout([path("link.jsonl")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
    }

    /// Standard input stays the way to stream.
    func testStandardInputStillStreams() throws {
        let result = try CLI.runShell("printf '%s\\n' '{\"id\":\"s\",\"text\":\"Das Gipfelkreuz steht schief.\"}' | timeout 60 '\(ingestPath)' --db '\(db)' --lexicon '\(CLITestCase.smallLexicon)' -")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try ids("Gipfelkreuz"), ["s"])
    }

    // MARK: Point 13: lone surrogates

    func testLoneSurrogateEscapeIsReplacedAndTheRecordKept() throws {
        let lines = [
            #"{"id":"hoch","text":"Die Buttermilch \ud800 ist sauer."}"#,
            #"{"id":"paar","text":"Ein Lachen \ud83d\ude00 im Gipfelkreuz"}"#,
            #"{"id":"zwei","title":"Tief \udc00","text":"Wanderstiefel \uDBFF\uD800 nass"}"#,
            #"{"id":"wörtlich","text":"Brotzeit mit \\ud800 als Text"}"#,
        ]
        let news = try write("news.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try ingestWithTimeout([news])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, """
            fundus-ingest: \(news):1: a lone surrogate escape replaced by U+FFFD
            fundus-ingest: \(news):3: 3 lone surrogate escapes replaced by U+FFFD

            """)
        let hits = try search(["--format", "jsonl", "--limit", "10", "Buttermilch OR Gipfelkreuz OR Wanderstiefel OR Brotzeit"])
            .jsonLines()
        var snippets: [String: String] = [:]
        var titles: [String: String] = [:]
        for hit in hits {
            snippets[hit["id"] as? String ?? ""] = hit["snippet"] as? String
            titles[hit["id"] as? String ?? ""] = hit["title"] as? String
        }
        XCTAssertEqual(snippets["hoch"], "Die Buttermilch \u{FFFD} ist sauer.")
        XCTAssertEqual(snippets["paar"], "Ein Lachen 😀 im Gipfelkreuz")
        XCTAssertEqual(snippets["zwei"], "Wanderstiefel \u{FFFD}\u{FFFD} nass")
        XCTAssertEqual(titles["zwei"], "Tief \u{FFFD}")
        XCTAssertEqual(snippets["wörtlich"], "Brotzeit mit \\ud800 als Text")
    }

    // MARK: Point 13: control characters in text files

    func testStrayControlCharactersInATextFileAreReplacedWithAWarning() throws {
        let note = try write("notes/notiz.txt", "Notiz\n\nDie Buttermilch \u{1B}[31mist\u{07} sauer.\n")
        let result = try ingestWithTimeout([path("notes")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: \(note): 2 control characters replaced by spaces\n")
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Buttermilch"]).jsonLines().first)
        XCTAssertEqual(hit["snippet"] as? String, "Die Buttermilch  [31mist  sauer.")
        // Unchanged on the next run: nothing read, no warning again.
        let again = try ingestWithTimeout([path("notes")])
        XCTAssertEqual(again.stderr, "")
    }

    func testFileFullOfControlCharactersIsSkippedAsBinary() throws {
        let bytes = (0..<400).map { i -> UInt8 in i % 3 == 0 ? UInt8(1 + i % 8) : UInt8(ascii: "a") }
        let binary = path("notes/daten.txt")
        try FileManager.default.createDirectory(atPath: path("notes"), withIntermediateDirectories: true)
        try Data(Array("Titel\n\n".utf8) + bytes).write(to: URL(fileURLWithPath: binary))
        let result = try ingestWithTimeout([binary])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: skipped \(binary): binary file (134 control characters), skipped\n")
    }
}
