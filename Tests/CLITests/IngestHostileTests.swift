import Foundation
import FundusCore
import XCTest

/// Hostile inputs and environments for fundus-ingest (issue 7): each gets one
/// line on stderr that names it, a documented exit status, and leaves the
/// index whole. The outcomes are listed in RELIABILITY.md ("Ingest").
final class IngestHostileTests: CLITestCase {
    /// A tmpfs mounted by a test, unmounted in tearDown.
    private var mounted: String?

    override func tearDownWithError() throws {
        if let mounted {
            _ = try? CLI.runShell("umount '\(mounted)'")
            self.mounted = nil
        }
        try super.tearDownWithError()
    }

    func run(_ arguments: [String], db: String? = nil, stdin: String? = nil) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", db ?? self.db, "--lexicon", CLITestCase.smallLexicon] + arguments, stdin: stdin)
    }

    func writeBytes(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
        return url.path
    }

    func ids(_ query: String, db: String? = nil) throws -> [String] {
        try CLI.run("fundus-search", ["--db", db ?? self.db, "--format", "jsonl", "--limit", "100", query])
            .hitRecords().compactMap { $0["id"] as? String }
    }

    var notes: String { directory.appendingPathComponent("notes").path }

    // MARK: Encodings

    /// "Bericht\n\nDie Bürgermeisterin grüßt „Straße“ für 5 €." in Windows-1252.
    static let cp1252: [UInt8] = Array("Bericht\n\nDie B".utf8) + [0xFC] + Array("rgermeisterin gr".utf8) + [0xFC, 0xDF]
        + Array("t ".utf8) + [0x84] + Array("Stra".utf8) + [0xDF, 0x65, 0x93] + Array(" f".utf8) + [0xFC]
        + Array("r 5 ".utf8) + [0x80] + Array(". Sch".utf8) + [0xF6] + Array("n.\n".utf8)

    func testWindows1252FileIsReadWithUmlautsAndAWarning() throws {
        let path = try writeBytes("notes/cp1252.txt", Self.cp1252)
        // Latin-1 proper (no 80–9F bytes) goes the same way.
        let latin1 = try writeBytes("notes/latin1.txt", Array("Notiz\n\nDer K".utf8) + [0xE4] + Array("se ist gr".utf8) + [0xFC, 0x6E, 0x2E])
        let result = try run([notes])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: \(path): not UTF-8, read as Windows-1252\n"
                       + "fundus-ingest: \(latin1): not UTF-8, read as Windows-1252\n")
        let hits = try search(["--format", "jsonl", "Bürgermeisterin"]).hitRecords()
        XCTAssertEqual(hits.map { $0["id"] as? String }, [path])
        let snippet = hits.first?["snippet"] as? String ?? ""
        XCTAssertTrue(snippet.contains("grüßt „Straße“ für 5 €. Schön."), snippet)
        XCTAssertEqual(try ids("Straße"), [path])
        XCTAssertEqual(try ids("Käse"), [latin1])
        XCTAssertEqual(try search(["--format", "jsonl", "Käse"]).hitRecords().first?["snippet"] as? String, "Der Käse ist grün.")
        // Unchanged on the next run: no warning again, nothing read.
        let again = try run([notes])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stderr, "")
    }

    func testUTF8ByteOrderMarkIsDropped() throws {
        _ = try writeBytes("notes/bom.txt", [0xEF, 0xBB, 0xBF] + Array("Titel\n\nDie Brücke ist neu.\n".utf8))
        XCTAssertEqual(try run([notes]).stderr, "")
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Brücke"]).hitRecords().first)
        XCTAssertEqual(hit["title"] as? String, "Titel")
    }

    func testBinaryFilesAreSkippedWithAReason() throws {
        _ = try write("notes/gut.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let nul = try writeBytes("notes/nul.txt", Array("Text".utf8) + [0x00, 0x01, 0x02] + Array(" mehr".utf8))
        let control = try writeBytes("notes/steuer.txt", Array("Text ".utf8) + [0x1B, 0x07, 0xE4])
        let undefined = try writeBytes("notes/undefiniert.txt", Array("Text ".utf8) + [0x81, 0x8D, 0xE4])
        let utf16 = try writeBytes("notes/utf16.txt", [0xFF, 0xFE, 0x4B, 0x00, 0xE4, 0x00])
        let utf16NoNUL = try writeBytes("notes/utf16b.txt", [0x4B, 0xFF, 0xFE, 0x0A])
        // No NUL, no control byte, every byte defined, but half of it above 7F.
        let dense = try writeBytes("notes/dicht.txt", (0..<128).map { (i: Int) -> UInt8 in UInt8(i % 2 == 0 ? 0x41 + i % 26 : 0xA0 + i % 96) })
        let result = try run([notes])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, """
            fundus-ingest: skipped \(dense): not valid UTF-8, skipped
            fundus-ingest: skipped \(nul): binary file (contains NUL bytes), skipped
            fundus-ingest: skipped \(control): not valid UTF-8, skipped
            fundus-ingest: skipped \(undefined): not valid UTF-8, skipped
            fundus-ingest: skipped \(utf16): binary file (contains NUL bytes), skipped
            fundus-ingest: skipped \(utf16NoNUL): not valid UTF-8, skipped

            """)
        XCTAssertEqual(try ids("Buttermilch").count, 1)
        XCTAssertEqual(try search(["Text"]).status, 1)
    }

    func testJSONLinesLineWithInvalidUTF8IsSkippedWithItsLineNumber() throws {
        let path = try writeBytes("news.jsonl", Array("{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n".utf8)
            + Array("{\"id\":\"b\",\"text\":\"K".utf8) + [0xE4] + Array("se\"}\n".utf8)
            + Array("{\"id\":\"c\",\"text\":\"Das Gipfelkreuz steht schief.\"}\n".utf8))
        let result = try run([path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fundus-ingest: skipped \(path):2: not valid UTF-8\n")
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
        XCTAssertEqual(try ids("Gipfelkreuz"), ["c"])
    }

    // MARK: Files

    func testEmptyFilesAreIndexedAsNothingAndSilently() throws {
        _ = try write("notes/gut.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        _ = try write("notes/leer.txt", "")
        _ = try write("notes/blank.md", "\n  \n\t\n")
        let jsonl = try write("leer.jsonl", "")
        let blankLines = try write("blank.jsonl", "\n\n   \n")
        let result = try run(["--summary", notes, jsonl, blankLines])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("3 added, 0 changed, 0 removed, 0 unchanged, 0 failed"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertEqual(try ids("Buttermilch").count, 1)
        // A file that becomes empty loses its passages.
        _ = try write("notes/gut.txt", "")
        XCTAssertEqual(try run([notes]).status, 0)
        XCTAssertEqual(try search(["Buttermilch"]).status, 1)
    }

    func testTwoHundredMegabyteLineIsSkippedInBoundedMemory() throws {
        let path = directory.appendingPathComponent("big.jsonl").path
        let size = 200 << 20
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.write(Data("{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n{\"id\":\"big\",\"text\":\"".utf8))
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<(size >> 20) { handle.write(chunk) }
        handle.write(Data("\"}\n{\"id\":\"c\",\"text\":\"Das Gipfelkreuz steht schief.\"}\n".utf8))
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let ingest = CLI.productsDirectory.appendingPathComponent("fundus-ingest").path
        let result = try CLI.runShell((timed ? "/usr/bin/time -v " : "") + "'\(ingest)' --db '\(db)' --lexicon '\(CLITestCase.smallLexicon)' '\(path)'")
        XCTAssertEqual(result.status, 1, result.stderr)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "fundus-ingest: skipped \(path):2: line of \(size + 22) bytes is too long")
        XCTAssertEqual(try ids("Buttermilch"), ["a"])
        XCTAssertEqual(try ids("Gipfelkreuz"), ["c"])
        if timed, let rss = lines.first(where: { $0.contains("Maximum resident set size") }),
           let kb = Int(rss.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") {
            // The reader keeps at most 64 MB of one line (its limit), not 200.
            print("peak RSS for a \(size >> 20) MB line: \(kb / 1024) MB")
            XCTAssertLessThan(kb, 120 * 1024, "peak RSS \(kb) kB")
        }
    }

    func testFIFODeviceAndSymlinkLoopInADirectoryAreNeverOpened() throws {
        _ = try write("notes/gut.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let fifo = directory.appendingPathComponent("notes/pipe.txt").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let device = directory.appendingPathComponent("notes/null.txt").path
        let haveDevice = mknod(device, S_IFCHR | 0o644, dev_t((1 << 8) | 3)) == 0  // needs root
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("notes/loop.txt").path,
                                                   withDestinationPath: "loop.txt")
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("notes/self").path,
                                                   withDestinationPath: ".")
        _ = try write("notes/ignoriert.fifo-ohne-endung", "")
        XCTAssertEqual(mkfifo(directory.appendingPathComponent("notes/pipe.bin").path, 0o644), 0)
        let result = try run([notes])  // would hang on opening the FIFO
        XCTAssertEqual(result.status, 1, result.stderr)
        var expected = "fundus-ingest: skipped \(fifo): not a regular file (a FIFO), skipped\n"
        if haveDevice { expected = "fundus-ingest: skipped \(device): not a regular file (a character device), skipped\n" + expected }
        XCTAssertEqual(result.stderr, expected)
        XCTAssertEqual(try ids("Buttermilch").count, 1)
        // Given by name: not followed, not opened.
        let loop = try run([directory.appendingPathComponent("notes/loop.txt").path])
        XCTAssertEqual(loop.status, 2)
        XCTAssertTrue(loop.stderr.contains("loop.txt: Too many levels of symbolic links"), loop.stderr)
        let pipe = try run([fifo])
        XCTAssertEqual(pipe.status, 2)
        XCTAssertTrue(pipe.stderr.contains("pipe.txt: not a regular file"), pipe.stderr)
    }

    /// Through the library: the progress callback runs between files, so the
    /// next file can be deleted, or swapped for a FIFO, after the scan saw it.
    func testFileThatVanishesOrTurnsIntoAFIFOBetweenScanAndRead() throws {
        let a = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let b = try write("notes/b.txt", "Notiz\n\nDas Gipfelkreuz steht schief.\n")
        let c = try write("notes/c.txt", "Zettel\n\nDie Wanderstiefel sind nass.\n")
        let ingestor = Ingestor(store: IndexStore(path: db), lexiconURL: nil)
        ingestor.onProgress = { progress in
            guard progress.report.documents == 1 else { return }
            if FileManager.default.fileExists(atPath: b) { try? FileManager.default.removeItem(atPath: b) }
            if FileManager.default.fileExists(atPath: c) {
                try? FileManager.default.removeItem(atPath: c)
                mkfifo(c, 0o644)
            }
        }
        let report = try ingestor.ingest([notes])
        XCTAssertEqual(report.added, 1)
        XCTAssertEqual(report.problems.map(\.description), [
            "\(b): cannot read: No such file or directory",
            "\(c): no longer a regular file, skipped",
        ])
        XCTAssertEqual(try ids("Buttermilch"), [a])
        // The next run sees them gone and is clean.
        try FileManager.default.removeItem(atPath: c)
        XCTAssertEqual(try run([notes]).status, 0)
    }

    // MARK: JSON Lines records

    func testBadRecordsAreNamedByLineAndSkipped() throws {
        let path = try write("news.jsonl", """
            {"id":"ok1","text":"Die Buttermilch ist sauer."}
            {"id":42,"text":"Zahl als Kennung"}
            {"id":"t","text":["kein","Text"]}
            {"id":"m","title":"ohne Text"}
            {"id":"","text":"leere Kennung"}
            ["kein","Objekt"]
            {"id":"kaputt","text":
            {"id":"d","text":"Datum","date":"2024-02-30"}
            {"id":"n","text":null}
            {"id":"ok2","text":"Das Gipfelkreuz steht schief.","title":7}

            """)
        let result = try run([path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, """
            fundus-ingest: skipped \(path):2: "id" must be a string
            fundus-ingest: skipped \(path):3: "text" must be a string
            fundus-ingest: skipped \(path):4: missing "text"
            fundus-ingest: skipped \(path):5: "id" is empty
            fundus-ingest: skipped \(path):6: expected a JSON object
            fundus-ingest: skipped \(path):7: malformed JSON
            fundus-ingest: skipped \(path):8: "date" must be YYYY-MM-DD, got "2024-02-30"
            fundus-ingest: skipped \(path):9: missing "text"
            fundus-ingest: skipped \(path):10: "title" must be a string

            """)
        XCTAssertEqual(try ids("Buttermilch"), ["ok1"])
        XCTAssertEqual(try search(["Kennung"]).status, 1)
    }

    func testDuplicateIdInOneFileLastWinsWithAWarning() throws {
        let path = try write("news.jsonl", """
            {"id":"n1","text":"Die Buttermilch ist sauer."}
            {"id":"n2","text":"Das Gipfelkreuz steht schief."}
            {"id":"n1","text":"Die Wanderstiefel sind nass."}

            """)
        let result = try run([path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "fundus-ingest: \(path):3: duplicate id (also on line 1), the last one wins\n")
        XCTAssertEqual(try search(["Buttermilch"]).status, 1)
        XCTAssertEqual(try ids("Wanderstiefel"), ["n1"])
        XCTAssertEqual(try search(["--format", "jsonl", "n1 OR n2 OR Gipfelkreuz OR Wanderstiefel"]).hitRecords().count, 2)
        // Every run says so, and the index stays the same.
        let again = try run([path])
        XCTAssertEqual(again.status, 0)
        XCTAssertEqual(again.stderr, result.stderr)
        XCTAssertEqual(try ids("Wanderstiefel"), ["n1"])
        XCTAssertEqual(try search(["Buttermilch"]).status, 1)
    }

    func testHostileIdsRoundTripExactly() throws {
        let ids = [
            "a/b/../c", "mit Leerzeichen ", "zwei\nZeilen", "tab\there", "Größe/Übersicht–„Zitat“", "日本語",
            "emoji 🚀", "quote\"back\\slash", String(repeating: "x", count: 10_000),
            String(repeating: "ü", count: 5_000) + "/ende",
        ]
        var text = ""
        for (n, id) in ids.enumerated() {
            let record: [String: Any] = ["id": id, "text": "Der Satellit Nummer \(n) kreist."]
            text += String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self) + "\n"
        }
        let path = try write("ids.jsonl", text)
        let first = try run(["--summary", path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("\(ids.count) added"), first.stderr)
        XCTAssertEqual(Set(try self.ids("Satellit")), Set(ids))
        // Found again by id on the next run: nothing changes.
        let again = try run(["--summary", path])
        XCTAssertTrue(again.stderr.contains("0 added, 0 changed, 0 removed, \(ids.count) unchanged"), again.stderr)
        // And replaced, not duplicated, when the text changes.
        let changed = text.replacingOccurrences(of: "kreist", with: "stürzt")
        _ = try write("ids.jsonl", changed)
        let third = try run(["--summary", path])
        XCTAssertTrue(third.stderr.contains("0 added, \(ids.count) changed"), third.stderr)
        XCTAssertEqual(try self.ids("Satellit").count, ids.count)
    }

    // MARK: Environment

    func testDiskFullKeepsThePreviousIndex() throws {
        let small = directory.appendingPathComponent("small").path
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        let mount = try CLI.runShell("mount -t tmpfs -o size=2m tmpfs '\(small)'")
        guard mount.status == 0 else {
            throw XCTSkip("cannot mount a 2 MB tmpfs here (needs root): \(mount.stderr)")
        }
        mounted = small
        let smallDB = small + "/db"
        _ = try write("first.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        XCTAssertEqual(try run([directory.appendingPathComponent("first.jsonl").path], db: smallDB).status, 0)
        let big = try generatedCorpus("big.jsonl", count: 6000, word: "Bahnhof")
        for arguments in [[big], ["--full", big]] {
            let result = try run(arguments, db: smallDB)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, result.stderr)
            XCTAssertTrue(lines.first?.contains(smallDB) == true, result.stderr)
            XCTAssertTrue(result.stderr.lowercased().contains("no space left on device"), result.stderr)
            XCTAssertEqual(try ids("Buttermilch", db: smallDB), ["a"], "\(arguments)")
            XCTAssertEqual(try CLI.run("fundus-search", ["--db", smallDB, "Bahnhof"]).status, 1)
        }
        // Once there is room again, the next run does the work.
        XCTAssertEqual(try run([directory.appendingPathComponent("first.jsonl").path], db: smallDB).status, 0)
        XCTAssertEqual(try run(["--check"], db: smallDB).status, 0)
    }

    func testMissingParentFolderOfTheIndex() throws {
        _ = try write("first.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        let nowhere = directory.appendingPathComponent("fehlt/auch/db").path
        let result = try run([directory.appendingPathComponent("first.jsonl").path], db: nowhere)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(nowhere), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("fehlt").path))
    }

    func testIndexPathThatIsARegularFile() throws {
        _ = try write("first.jsonl", "{\"id\":\"a\",\"text\":\"Die Buttermilch ist sauer.\"}\n")
        let notAnIndex = try write("notes.txt", "Einkaufsliste: Milch, Brot\n")
        let result = try run([directory.appendingPathComponent("first.jsonl").path], db: notAnIndex)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(notAnIndex), result.stderr)
        XCTAssertEqual(try String(contentsOfFile: notAnIndex, encoding: .utf8), "Einkaufsliste: Milch, Brot\n")
        for extra in [["--full"], ["--compact"]] {
            let other = try run(extra + [directory.appendingPathComponent("first.jsonl").path], db: notAnIndex)
            XCTAssertEqual(other.status, 2, "\(extra): \(other.stderr)")
            XCTAssertEqual(try String(contentsOfFile: notAnIndex, encoding: .utf8), "Einkaufsliste: Milch, Brot\n")
        }
    }

    func testCorruptedIndexIsAnErrorNotACrash() throws {
        let first = try write("first.jsonl", "{\"id\":\"a\",\"text\":\"" + String(repeating: "Die Buttermilch ist sauer. ", count: 200) + "\"}\n")
        XCTAssertEqual(try run([first]).status, 0)
        let database = try IndexStore(path: db).currentDatabase()
        for table in ["postlist.glass", "termlist.glass", "docdata.glass"] {
            let path = database + "/" + table
            guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int else { continue }
            try Data(repeating: 0xA5, count: size).write(to: URL(fileURLWithPath: path))
        }
        let second = try write("second.jsonl", "{\"id\":\"b\",\"text\":\"Das Gipfelkreuz steht schief.\"}\n")
        let result = try run([second])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(db), result.stderr)
        // And a corrupted version file (the database's header).
        try Data(repeating: 0x5A, count: 64).write(to: URL(fileURLWithPath: database + "/iamglass"))
        let again = try run([second])
        XCTAssertEqual(again.status, 2, again.stderr)
        XCTAssertEqual(again.stderr.split(separator: "\n").count, 1, again.stderr)
        XCTAssertEqual(try search(["Gipfelkreuz"]).status, 2)
    }
}
