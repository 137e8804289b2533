import FundusCore
import XCTest

/// fundus-ingest as a cron job sees it (issue 5): exit codes, what is
/// printed and what is not, the log, --check.
final class IngestCLITests: CLITestCase {
    func run(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments, stdin: stdin)
    }

    func testQuietOnSuccessWhenNotOnATerminal() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let result = try run([(notes as NSString).deletingLastPathComponent])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout, "")
    }

    func testSummaryIsOneLineWithEveryCount() throws {
        _ = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let b = try write("notes/b.txt", "Notiz\n\nDas Gipfelkreuz steht schief.\n")
        let folder = directory.appendingPathComponent("notes").path
        try run([folder]).assertSuccess()
        try FileManager.default.removeItem(atPath: b)
        _ = try write("notes/c.txt", "Neu\n\nDie Wanderstiefel sind nass.\n")
        let result = try run(["--summary", folder])
        XCTAssertEqual(result.status, 0)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        let line = String(lines.first ?? "")
        XCTAssertTrue(line.hasPrefix("fundus-ingest: \(db): "), line)
        for part in ["1 added", "0 changed", "1 removed", "1 unchanged", "0 failed", " s"] {
            XCTAssertTrue(line.contains(part), "\(part) missing: \(line)")
        }
    }

    func testVerboseListsEachChange() throws {
        let a = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let result = try run(["--verbose", directory.appendingPathComponent("notes").path])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("fundus-ingest: added \(a)\n"), result.stderr)
        XCTAssertTrue(result.stderr.contains("1 added"), result.stderr)
    }

    func testSkippedFileIsNamedWithItsReasonAndExitsOne() throws {
        _ = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let bad = directory.appendingPathComponent("notes/kaputt.txt")
        try Data([0x4B, 0xFF, 0xFE, 0x0A]).write(to: bad)
        let result = try run([directory.appendingPathComponent("notes").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fundus-ingest: skipped \(bad.path): not valid UTF-8, skipped\n")
        XCTAssertEqual(try search(["--format", "jsonl", "Buttermilch"]).hitRecords().count, 1)
    }

    func testNothingDoneExitsTwo() throws {
        let result = try run([directory.appendingPathComponent("fehlt").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("fehlt: no such file or directory"), result.stderr)
    }

    func testLogFileCollectsRunsAndProblems() throws {
        _ = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let log = directory.appendingPathComponent("ingest.log").path
        let folder = directory.appendingPathComponent("notes").path
        try run(["--log", log, folder]).assertSuccess()
        XCTAssertEqual(try run(["--log", log, folder, directory.appendingPathComponent("fehlt").path]).status, 1)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { $0.contains("] start: ") }.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("1 added") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("1 unchanged, 1 failed") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("skipped ") && $0.contains("fehlt: no such file or directory") })
        XCTAssertEqual(lines.filter { $0.hasSuffix("] exit 0") }.count, 1)
        XCTAssertEqual(lines.filter { $0.hasSuffix("] exit 1") }.count, 1)
    }

    func testPruneFromTheCommandLine() throws {
        let news = try write("news.jsonl", """
            {"id":"n1","title":"Sturm","text":"Orkanböen an der Küste."}
            {"id":"n2","title":"Brücke","text":"Die Brücke wird saniert."}

            """)
        try run([news]).assertSuccess()
        _ = try write("news.jsonl", "{\"id\":\"n2\",\"title\":\"Brücke\",\"text\":\"Die Brücke wird saniert.\"}\n")
        let result = try run(["--prune", "--summary", news])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 removed, 1 unchanged"), result.stderr)
        XCTAssertEqual(try search(["Orkanböen"]).status, 1)
    }

    func testCheckReportsASoundIndex() throws {
        _ = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        try run([directory.appendingPathComponent("notes").path]).assertSuccess()
        let result = try run(["--check"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("\(db): ok"), result.stdout)
    }

    func testCheckOfADamagedIndexExitsTwo() throws {
        _ = try write("notes/a.txt", "Brief\n\n" + String(repeating: "Die Buttermilch ist sauer. ", count: 200))
        try run([directory.appendingPathComponent("notes").path]).assertSuccess()
        // Garbage over every block of a table (same size, so the damage is
        // found by reading, not by a missing file).
        let table = try IndexStore(path: db).currentDatabase() + "/postlist.glass"
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: table)[.size] as? Int)
        try Data(repeating: 0xA5, count: size).write(to: URL(fileURLWithPath: table))
        let result = try run(["--check"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertNotNil(result.stderr.range(of: #"failed its check: (1 error|[0-9]+ errors)\n"#, options: .regularExpression),
                        result.stderr)
        XCTAssertNil(result.stderr.range(of: #"\b1 errors"#, options: .regularExpression), result.stderr)
    }

    func testCheckWithoutAnIndexExitsTwo() throws {
        let result = try run(["--check"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no index at \(db)"), result.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try run([]).status, 2)
        XCTAssertEqual(try run(["--full"]).status, 2)
        XCTAssertEqual(try run(["--full", "--prune", "x.jsonl"]).status, 2)
    }

    func testHelpDoesNotCrash() throws {
        let result = try CLI.run("fundus-ingest", ["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("--wait"), result.stdout)
    }

    func testFirstFullRebuildMigratesAPlainDirectoryIndex() throws {
        // An index from before generations, made by writing into PATH directly.
        try FileManager.default.createDirectory(atPath: db, withIntermediateDirectories: false)
        let old = try IndexWriter(path: db)
        try old.add(SourceDocument(id: "alt", title: "Alt", text: "Die Buttermilch ist sauer."))
        try old.close()
        XCTAssertEqual(try search(["--format", "jsonl", "Buttermilch"]).hitRecords().count, 1)
        let notes = try write("notes/a.txt", "Brief\n\nDas Gipfelkreuz steht schief.\n")
        try run(["--full", (notes as NSString).deletingLastPathComponent]).assertSuccess()
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "glass db.generations/gen-1\n")
        XCTAssertEqual(try search(["Buttermilch"]).status, 1)
        XCTAssertEqual(try search(["Gipfelkreuz"]).status, 0)
    }
}

extension CommandResult {
    func assertSuccess(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(status, 0, "fundus-ingest failed: \(stderr)", file: file, line: line)
    }
}

extension CLITestCase {
    /// `count` generated German news items as JSON Lines, about 900 bytes
    /// each, every one with the word `Meldung` in its title and `word` in its
    /// text: enough for an ingest to take a few seconds.
    func generatedCorpus(_ name: String, count: Int, word: String = "Bahnhof") throws -> String {
        let vocabulary = ["Brücke", "Wetter", "Bericht", "Wald", "Stadtrat", "Bürgermeisterin", "Straße", "Hafen", "Schiff",
                          "Küste", "Sturm", "Schule", "Zeitung", "Regierung", "Verspätung", "Markt", "Preis", "Käse"]
        var text = ""
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for i in 0..<count {
            let paragraphs = (0..<3).map { p in
                (0..<40).map { _ in vocabulary[next() % vocabulary.count] }.joined(separator: " ")
                    + (p == 1 ? " \(word) Nummer \(i)." : ".")
            }
            text += "{\"id\":\"g\(i)\",\"title\":\"Meldung \(i)\",\"text\":\"\(paragraphs.joined(separator: "\\n\\n"))\"}\n"
        }
        return try write(name, text)
    }

    /// Starts fundus-ingest without waiting for it. Standard input stays
    /// open (for a run reading '-') until `closeInput()`.
    func startIngest(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningIngest {
        try RunningIngest(["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments, directory: directory,
                          environment: environment)
    }
}

/// A fundus-ingest running in the background. Its output goes to files, so
/// that nothing blocks on a full pipe however long it runs.
final class RunningIngest {
    let process = Process()
    private let input = Pipe()
    private let errURL: URL

    init(_ arguments: [String], directory: URL, environment: [String: String] = [:]) throws {
        process.executableURL = CLI.productsDirectory.appendingPathComponent("fundus-ingest")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "FUNDUS_DB")
        env.merge(environment) { $1 }
        process.environment = env
        errURL = directory.appendingPathComponent("ingest-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = input
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    func write(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

    func closeInput() { try? input.fileHandleForWriting.close() }

    func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        closeInput()
    }

    /// Waits for the end; returns the exit status and what went to stderr.
    func finish() -> (status: Int32, stderr: String) {
        closeInput()
        process.waitUntilExit()
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, err)
    }
}
