import FundusCore
import XCTest

/// The end-to-end path of issue 2: ingest, search, output, exit codes.
final class FoundationCLITests: CLITestCase {
    let articles = """
        {"id":"nk-1","title":"Nordkorea feuert Raketen ab","text":"Das Militär in Pjöngjang hat am Morgen zwei Raketen gestartet.\\n\\nDie Regierung in Seoul berief den Sicherheitsrat ein.","date":"2024-03-18","source":"Fundus-Test"}
        {"id":"wetter-1","title":"Sturm über der Nordsee","text":"Der Wetterdienst warnt vor Orkanböen an der Küste.\\n\\nFähren bleiben im Hafen.","source":"Fundus-Test"}

        """

    func testRaketeFindsRaketenWithHighlight() throws {
        let file = try write("news.jsonl", articles)
        try ingest([file])
        let result = try search(["--format", "jsonl", "Rakete"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hits = result.hitRecords()
        XCTAssertEqual(hits.count, 1)
        let hit = try XCTUnwrap(hits.first)
        XCTAssertEqual(hit["id"] as? String, "nk-1")
        XCTAssertEqual(hit["query"] as? String, "Rakete")
        XCTAssertEqual(hit["rank"] as? Int, 1)
        XCTAssertEqual(hit["passage"] as? Int, 1)
        XCTAssertEqual(hit["title"] as? String, "Nordkorea feuert Raketen ab")
        XCTAssertNotNil(hit["score"] as? Double)
        XCTAssertEqual(highlightedWords(hit), ["Raketen"])
    }

    func testUmlautWordHighlightsByCodePoints() throws {
        try ingest([try write("news.jsonl", articles)])
        let hit = try XCTUnwrap(try search(["--format", "jsonl", "Pjöngjang"]).hitRecords().first)
        XCTAssertEqual(highlightedWords(hit), ["Pjöngjang"])
    }

    func testNoMatchExitsOneWithEmptyStdout() throws {
        try ingest([try write("news.jsonl", articles)])
        let result = try search(["Vulkanausbruch"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
    }

    func testBadFlagExitsTwoWithOneLine() throws {
        let result = try search(["--no-such-flag", "Rakete"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("fundus-search: "), result.stderr)
    }

    func testHelpExitsZero() throws {
        for tool in ["fundus-search", "fundus-ingest"] {
            let result = try CLI.run(tool, ["--help"])
            XCTAssertEqual(result.status, 0, "\(tool): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("USAGE: \(tool)"), result.stdout)
        }
    }

    func testCommandLineForms() throws {
        try ingest([try write("news.jsonl", articles)])
        // "--name=value" and "--name value" are the same; a word starting with
        // one dash is a query word, so "-Seoul" excludes without a "--".
        let joined = try search(["--format=jsonl", "--limit=1", "Rakete", "Sturm"])
        XCTAssertEqual(joined.hitRecords().count, 1)
        XCTAssertEqual(joined.stdout, try search(["--format", "jsonl", "--limit", "1", "Rakete", "Sturm"]).stdout)
        let excluded = try search(["--format", "jsonl", "Raketen", "Sturm", "-Seoul"])
        XCTAssertEqual(excluded.hitRecords().map { $0["id"] as? String }, ["wetter-1"])
        XCTAssertEqual(try search(["--format", "jsonl", "--", "--limit"]).status, 1, "after -- every word is a query word")
        for (arguments, message) in [
            (["--bogus", "Rakete"], "unknown option '--bogus'"),
            (["Rakete", "--limit"], "--limit needs a value"),
            (["--limit", "zehn", "Rakete"], "--limit expects a whole number, not 'zehn'"),
            (["--count=ja", "Rakete"], "--count takes no value"),
        ] {
            let result = try search(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments)")
            XCTAssertEqual(result.stdout, "")
            XCTAssertEqual(result.stderr, "fundus-search: \(message) (see --help)\n")
        }
    }

    func testMissingIndexExitsTwoNamingThePath() throws {
        let result = try search(["Rakete"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(db), result.stderr)
    }

    func testDatabaseFromEnvironment() throws {
        try ingest([try write("news.jsonl", articles)])
        let result = try CLI.run("fundus-search", ["--format", "tsv", "Sturm"], environment: ["FUNDUS_DB": db])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("1\t1\twetter-1\t1\t"), result.stdout)
    }

    func testReingestKeepsPassageCount() throws {
        let file = try write("news.jsonl", articles)
        try ingest([file])
        let first = try Searcher(path: db).passageCount
        XCTAssertEqual(first, 2)  // each text's two short paragraphs join into one passage
        try ingest([file])
        XCTAssertEqual(try Searcher(path: db).passageCount, first)
    }

    func testShrunkDocumentLosesItsExtraPassages() throws {
        let long = (1...3).map { "Absatz \($0): " + String(repeating: "Die Brücke über die Mulde wird saniert. ", count: 20) }
            .joined(separator: "\\n\\n")
        try ingest([try write("a.jsonl", "{\"id\":\"b\",\"title\":\"Brücke\",\"text\":\"\(long)\"}\n")])
        XCTAssertEqual(try Searcher(path: db).passageCount, 3)
        try ingest([try write("b.jsonl", "{\"id\":\"b\",\"title\":\"Brücke\",\"text\":\"Nur noch ein Absatz über die Brücke.\"}\n")])
        XCTAssertEqual(try Searcher(path: db).passageCount, 1)
    }

    func testStandardInputIngest() throws {
        try ingest(["-"], stdin: articles)
        XCTAssertEqual(try search(["--format", "jsonl", "Orkanböen"]).hitRecords().first?["id"] as? String, "wetter-1")
    }

    func testDirectoryIngestReadsTextAndMarkdownRecursively() throws {
        _ = try write("notes/raketen.md", "# Raketenstart\n\nDie Rakete hob pünktlich ab.\n")
        _ = try write("notes/tief/innen/brief.txt", "Brief an die Bürgermeisterin\n\nDie Straße bleibt gesperrt.\n")
        _ = try write("notes/bild.png", "Rakete Straße")  // no format reads .png (a .pdf is read now)
        _ = try write("notes/.versteckt.txt", "Rakete Straße")
        try ingest([directory.appendingPathComponent("notes").path])
        let rocket = try search(["--format", "jsonl", "Rakete"]).hitRecords()
        XCTAssertEqual(rocket.count, 1)
        XCTAssertEqual(rocket.first?["title"] as? String, "Raketenstart")
        XCTAssertTrue((rocket.first?["id"] as? String ?? "").hasSuffix("/notes/raketen.md"))
        let street = try search(["--format", "jsonl", "Strasse"]).hitRecords()
        XCTAssertEqual(street.count, 1)
        XCTAssertEqual(street.first?["title"] as? String, "Brief an die Bürgermeisterin")
    }

    func testBatchQueriesCarryQueryAndNumber() throws {
        try ingest([try write("news.jsonl", articles)])
        let queries = try write("q.txt", "Rakete\n\nSturm\nVulkan\n")
        let result = try search(["--format", "jsonl", "--queries", queries])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hits = result.hitRecords()
        XCTAssertEqual(hits.map { $0["qnum"] as? Int }, [1, 3])
        XCTAssertEqual(hits.map { $0["query"] as? String }, ["Rakete", "Sturm"])
        let fromStdin = try search(["--format", "jsonl", "--queries", "-"], stdin: "Sturm\n")
        XCTAssertEqual(fromStdin.hitRecords().first?["id"] as? String, "wetter-1")
    }

    func testBatchOnSeveralThreadsAnswersInTheOrderOfTheFile() throws {
        try ingest([try write("news.jsonl", articles)])
        // Enough queries that both threads work at once, with bad queries and
        // misses among them: every answer must still come in file order.
        let words = ["Rakete", "Sturm", "(Rakete OR", "Vulkan", "Pjöngjang", "Fähre", "Küste AND", "Seoul"]
        let lines = (0..<200).map { words[$0 % words.count] + ($0 % 3 == 0 ? " Morgen" : "") }
        let queries = try write("q.txt", lines.joined(separator: "\n") + "\n")
        let one = try search(["--format", "jsonl", "--threads", "1", "--queries", queries])
        let two = try search(["--format", "jsonl", "--threads", "2", "--queries", queries])
        XCTAssertEqual(one.status, 2, one.stderr)  // the bad queries
        XCTAssertEqual(two.status, one.status)
        XCTAssertEqual(two.stdout, one.stdout)
        XCTAssertEqual(two.stderr, one.stderr)
        // Every query's answer ends with its `end` record, misses and errors too.
        let numbers = two.jsonLines().compactMap { $0["qnum"] as? Int }
        XCTAssertEqual(numbers, numbers.sorted())
        XCTAssertEqual(Set(numbers).count, 200)
        XCTAssertTrue(two.stderr.hasPrefix("fundus-search: \(queries):3: query \"(Rakete OR\""), two.stderr)
        let counts = try search(["--count", "--threads", "2", "--queries", queries])
        XCTAssertEqual(counts.stdout, try search(["--count", "--threads", "1", "--queries", queries]).stdout)
        XCTAssertGreaterThan(counts.stdout.split(separator: "\n").count, 150)

        let zero = try search(["--threads", "0", "Rakete"])
        XCTAssertEqual(zero.status, 2)
        XCTAssertTrue(zero.stderr.contains("--threads"), zero.stderr)
    }

    func testQueriesOnStandardInputAreAnsweredAsTheyArrive() throws {
        try ingest([try write("news.jsonl", articles)])
        for threads in ["1", "2"] {
            // A script that writes one query and waits for its answer before the
            // next: each answer must come while standard input is still open.
            let process = Process()
            process.executableURL = CLI.productsDirectory.appendingPathComponent("fundus-search")
            process.arguments = ["--db", db, "--format", "jsonl", "--limit", "1", "--threads", threads, "--queries", "-"]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            var lines = LineBuffer(output.fileHandleForReading)
            for (number, (query, id)) in [("Rakete", "nk-1"), ("Sturm", "wetter-1"), ("Seoul", "nk-1")].enumerated() {
                input.fileHandleForWriting.write(Data((query + "\n").utf8))
                let line = try XCTUnwrap(lines.next(timeout: 20), "no answer to \(query) on \(threads) thread(s)")
                let hit = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                XCTAssertEqual(hit["id"] as? String, id)
                XCTAssertEqual(hit["qnum"] as? Int, number + 1)
                let endLine = try XCTUnwrap(lines.next(timeout: 20), "no end record for \(query) on \(threads) thread(s)")
                let end = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(endLine.utf8)) as? [String: Any])
                XCTAssertEqual(end["type"] as? String, "end")
                XCTAssertEqual(end["qnum"] as? Int, number + 1)
            }
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
    }

    func testJSONFormatIsOneDocumentPerQuery() throws {
        try ingest([try write("news.jsonl", articles)])
        let result = try search(["--format", "json", "Rakete"])
        let docs = result.jsonLines()
        XCTAssertEqual(docs.count, 1)
        XCTAssertEqual((docs.first?["hits"] as? [[String: Any]])?.count, 1)
    }

    func testTextOutputHasNoEscapesWhenPipedAndColourWhenForced() throws {
        try ingest([try write("news.jsonl", articles)])
        let plain = try search(["Rakete"])
        XCTAssertEqual(plain.status, 0)
        XCTAssertFalse(plain.stdout.contains("\u{1B}"))
        XCTAssertTrue(plain.stdout.contains("nk-1  Nordkorea feuert Raketen ab"), plain.stdout)
        let forced = try search(["--color", "always", "Rakete"])
        XCTAssertTrue(forced.stdout.contains("\u{1B}[1;31mRaketen\u{1B}[0m"), forced.stdout)
        let never = try search(["--color", "never", "Rakete"])
        XCTAssertFalse(never.stdout.contains("\u{1B}"))
    }

    func testBadQueryExitsTwoAndNamesTheQuery() throws {
        try ingest([try write("news.jsonl", articles)])
        let result = try search(["(Rakete OR"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("(Rakete OR"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testIngestReportsBadLinesAndKeepsTheRest() throws {
        let file = try write("mixed.jsonl", articles + "{kaputt\n{\"id\":\"x\"}\n")
        let result = try CLI.run("fundus-ingest", ["--db", db, file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("mixed.jsonl:3: malformed JSON"), result.stderr)
        XCTAssertTrue(result.stderr.contains("mixed.jsonl:4: missing \"text\""), result.stderr)
        XCTAssertEqual(try search(["--format", "jsonl", "Sturm"]).hitRecords().count, 1)
    }
}

/// Reads lines from a pipe as they come, waiting at most a given time for each.
private struct LineBuffer {
    let handle: FileHandle
    var pending = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    mutating func next(timeout seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending = Data(pending[(newline + 1)...])
                return line
            }
            // availableData blocks until something arrives: read on another
            // thread, so a missing answer fails the test instead of hanging it.
            let box = ReadBox()
            let done = DispatchSemaphore(value: 0)
            let handle = self.handle
            DispatchQueue.global().async {
                box.data = handle.availableData
                done.signal()
            }
            guard done.wait(timeout: .now() + max(deadline.timeIntervalSinceNow, 0)) == .success, !box.data.isEmpty else { return nil }
            pending.append(box.data)
        }
        return nil
    }
}

private final class ReadBox: @unchecked Sendable {
    var data = Data()
}
