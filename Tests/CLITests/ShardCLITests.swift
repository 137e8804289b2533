import Foundation
import FundusCore
import XCTest

/// Scaling out (issue 18): a corpus split with `fundus-ingest --shard K/3`,
/// searched as three local shards, and with two of them served by
/// `xapian-tcpsrv` on 127.0.0.1, through one shard list.
final class ShardCLITests: CLITestCase {
    private var servers: [Process] = []

    override func tearDownWithError() throws {
        for server in servers where server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
        servers = []
        try super.tearDownWithError()
    }

    static let queries = ["Rakete", "Waldbrand Wetter", "Satellit Start", "Brücke Hafen", "Raketenabwehr",
                          "Wetterbericht Küste", "Sturm Schiff Hafen", "Zeitung Bericht", "Brand Wald -Sturm",
                          "Markt AND Preis"]

    /// 240 documents of one to four paragraphs, words drawn unevenly from a
    /// small vocabulary with compounds the test lexicon splits.
    func corpus() throws -> String {
        let common = ["Brücke", "Wetter", "Bericht", "Wald", "Hafen", "Schiff", "Küste", "Sturm", "Zeitung", "Markt",
                      "Preis", "Stadt", "Rat", "Schule", "Straße", "Regen"]
        let rare = ["Rakete", "Raketenabwehr", "Waldbrand", "Wetterbericht", "Satellit", "Satellitenstart", "Start",
                    "Raketenstart", "Brand", "Brückenbau", "Hafenkran"]
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        var text = ""
        for i in 0..<240 {
            let paragraphs = (0...next(4)).map { _ in
                (0..<(8 + next(30))).map { _ in next(5) == 0 ? rare[next(rare.count)] : common[next(common.count)] }
                    .joined(separator: " ") + "."
            }
            let title = "\(common[next(common.count)]) \(rare[next(rare.count)]) \(i)"
            text += "{\"id\":\"doc/\(i)\",\"title\":\"\(title)\",\"text\":\"\(paragraphs.joined(separator: "\\n\\n"))\"}\n"
        }
        return try write("corpus.jsonl", text)
    }

    /// One index of everything (`db`) and the three shards; returns the shards' paths.
    func buildShards() throws -> [String] {
        let corpus = try corpus()
        try ingest([corpus])
        return try (1...3).map { k in
            let path = directory.appendingPathComponent("shard-\(k)").path
            let result = try CLI.run("fundus-ingest", ["--db", path, "--lexicon", CLITestCase.smallLexicon,
                                                       "--shard", "\(k)/3", corpus])
            XCTAssertEqual(result.status, 0, result.stderr)
            return path
        }
    }

    func ids(_ databases: [String], _ query: String, _ extra: [String] = []) throws -> [String] {
        let result = try CLI.run("fundus-search", databases.flatMap { ["--db", $0] } + ["--ids"] + extra + ["--", query])
        XCTAssertTrue(result.status == 0 || result.status == 1, "\(query): \(result.stderr)")
        return result.stdoutLines
    }

    func testShardsSplitTheDocumentsByTheHashOfTheirIds() throws {
        let shards = try buildShards()
        var seen: [String: Int] = [:]
        for (k, shard) in shards.enumerated() {
            let held = try ids([shard], "Stadt OR Wetter OR Markt OR Hafen OR Zeitung OR Regen", ["--limit", "1000"])
            XCTAssertGreaterThan(held.count, 40, "shard \(k + 1) holds few documents")
            for id in held {
                XCTAssertNil(seen.updateValue(k + 1, forKey: id), "\(id) in two shards")
                XCTAssertEqual(ShardChoice.shard(of: id, count: 3), k + 1)
            }
        }
        XCTAssertEqual(seen.count, try ids([db], "Stadt OR Wetter OR Markt OR Hafen OR Zeitung OR Regen", ["--limit", "1000"]).count)
        // The documented hash: the first 8 bytes of SHA-256 (of "abc": ba7816bf8f01cfea…),
        // big-endian, mod N, plus one.
        XCTAssertEqual(ShardChoice.shard(of: "a", count: 1), 1)
        XCTAssertEqual(ShardChoice.shard(of: "abc", count: 2), Int(0xba7816bf8f01cfea as UInt64 % 2) + 1)
        for bad in ["0/3", "4/3", "3", "1/0", "x/y", "1/3/2"] {
            let result = try CLI.run("fundus-ingest", ["--db", db, "--shard", bad, "--", try corpus()])
            XCTAssertEqual(result.status, 2, bad)
            XCTAssertTrue(result.stderr.contains("--shard expects K/N"), result.stderr)
        }
    }

    /// BM25 over the shards is BM25 over everything, and the re-ranking's
    /// count of a hit's other strong passages does not depend on the order
    /// in which the matcher meets documents: the same hits in the same order
    /// with the same scores, with the default ranking.
    func testThreeLocalShardsRankAsOneIndex() throws {
        let shards = try buildShards()
        var same = 0
        var differ: [String] = []
        for query in Self.queries {
            let flags = ["--format", "tsv", "--no-snippets", "--", query]
            let whole = try CLI.run("fundus-search", ["--db", db] + flags)
            let split = try CLI.run("fundus-search", shards.flatMap { ["--db", $0] } + flags)
            XCTAssertEqual(whole.status, 0, query)
            XCTAssertFalse(whole.stdout.isEmpty, query)
            if split.stdout == whole.stdout { same += 1 } else { differ.append("\(query): \(whole.stdout) / \(split.stdout)") }
        }
        XCTAssertGreaterThanOrEqual(same, 9, "top-10 lists that differ from one index of everything: \(differ)")
    }

    func testRemoteShardsAnswerAsLocalOnes() throws {
        let shards = try buildShards()
        let list = try shardList(remote: [try serve(shards[0]), try serve(shards[1])], local: shards[2])
        for query in Self.queries {
            let local = try CLI.run("fundus-search", shards.flatMap { ["--db", $0] } + ["--format", "jsonl", "--", query])
            let remote = try CLI.run("fundus-search", ["--db", list, "--format", "jsonl", "--", query])
            XCTAssertEqual(remote.status, local.status, remote.stderr)
            XCTAssertEqual(remote.stderr, "")
            // Hits alike, to the last digit; only Xapian's estimate of all
            // matches is made differently when shards are remote.
            let (remoteLines, localLines) = (remote.stdoutLines.map(Self.withoutEstimate), local.stdoutLines.map(Self.withoutEstimate))
            XCTAssertEqual(remoteLines.count, localLines.count, query)
            XCTAssertTrue(remoteLines.count > 1, query)
            for (r, l) in zip(remoteLines, localLines) where r != l {
                XCTFail("\(query): remote \(r)\nlocal  \(l)")
                break
            }
        }
        // Compound parts found and highlighted through the remote shards.
        let hits = try CLI.run("fundus-search", ["--db", list, "--format", "jsonl", "--limit", "40", "Rakete"]).hitRecords()
        let words = Set(hits.flatMap(highlightedWords))
        XCTAssertTrue(words.contains("Raketenabwehr") && words.contains("Raketenstart"), "\(words)")
        // The whole-document exclusion runs on the servers too.
        let excluded = Set(try ids([list], "Brand -Sturm", ["--limit", "1000"]))
        XCTAssertFalse(excluded.isEmpty)
        XCTAssertTrue(excluded.isDisjoint(with: try ids([db], "Sturm", ["--limit", "1000"])), "a document with Sturm was not excluded")
        XCTAssertEqual(excluded, Set(try ids([db], "Brand -Sturm", ["--limit", "1000"])))
    }

    static func withoutEstimate(_ line: String) -> String {
        line.replacingOccurrences(of: #""estimated":[0-9]+,"#, with: "", options: .regularExpression)
    }

    func testAStoppedShardFailsTheSearchOrIsLeftOutWithAllowPartial() throws {
        let shards = try buildShards()
        let port = try serve(shards[0])
        let downPort = try serve(shards[1])
        let list = try shardList(remote: [port, downPort], local: shards[2])
        servers[1].terminate()
        servers[1].waitUntilExit()
        let failed = try CLI.run("fundus-search", ["--db", list, "Rakete"])
        XCTAssertEqual(failed.status, 2)
        XCTAssertEqual(failed.stdout, "")
        XCTAssertEqual(failed.stderr.split(separator: "\n").count, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.hasPrefix("fundus-search: shard remote 127.0.0.1:\(downPort) does not answer"), failed.stderr)

        let partial = try CLI.run("fundus-search", ["--db", list, "--allow-partial", "--format", "jsonl", "Rakete"])
        XCTAssertEqual(partial.status, 0, partial.stderr)
        XCTAssertTrue(partial.stderr.contains("warning: shard remote 127.0.0.1:\(downPort) does not answer"), partial.stderr)
        let records = partial.jsonLines()
        XCTAssertEqual(records.last?["missing_shards"] as? [String], ["remote 127.0.0.1:\(downPort)"])
        let expected = Set(try ids([shards[0], shards[2]], "Rakete"))
        XCTAssertEqual(Set(partial.hitRecords().compactMap { $0["id"] as? String }), expected)
    }

    /// A server that accepts connections but never answers: the search
    /// gives up after --timeout and names it.
    func testAShardThatDoesNotAnswerTimesOut() throws {
        let shards = try buildShards()
        let listener = try boundSocket()
        defer { close(listener) }
        XCTAssertEqual(listen(listener, 8), 0)
        let port = localPort(listener)
        let list = try shardList(remote: [port], local: shards[2])
        let started = Date()
        let result = try CLI.run("fundus-search", ["--db", list, "--timeout", "1", "Rakete"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("fundus-search: shard remote 127.0.0.1:\(port) does not answer"), result.stderr)
    }

    func testShardListsAreCheckedLineByLine() throws {
        let shards = try buildShards()
        let cases = [("auto \(shards[0])\nremote :xapian-progsrv db\n", ":2: 'remote :xapian-progsrv db' runs a program"),
                     ("auto \(shards[0])\nremote 127.0.0.1\n", ":2: 'remote 127.0.0.1': expected remote HOST:PORT"),
                     ("auto \(shards[0])\nglass\n", ":2: 'glass' needs a path"),
                     ("# only a comment\nauto \(shards[0]) # first\nauto nowhere\n", "no index at")]
        for (text, message) in cases {
            let list = try write("list", text)
            let result = try CLI.run("fundus-search", ["--db", list, "Rakete"])
            XCTAssertEqual(result.status, 2, text)
            XCTAssertTrue(result.stderr.contains(message), "\(text): \(result.stderr)")
        }
        // A list may not name another list (nor itself).
        let inner = try write("inner", "auto \(shards[0])\n")
        let outer = try write("outer", "auto inner\n")
        let nested = try CLI.run("fundus-search", ["--db", outer, "Rakete"])
        XCTAssertEqual(nested.status, 2)
        XCTAssertTrue(nested.stderr.contains("not a Fundus index (a list may not name another list)"), nested.stderr)
        // Shards built with different lexicons are refused.
        let other = directory.appendingPathComponent("other").path
        let built = try CLI.run("fundus-ingest", ["--db", other, "--lexicon", try write("lex.txt", "wald\nbrand\n"),
                                                  try corpus()])
        XCTAssertEqual(built.status, 0, built.stderr)
        let mixed = try CLI.run("fundus-search", ["--db", inner, "--db", other, "Rakete"])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("have different lexicons"), mixed.stderr)
    }

    /// `--queries -` keeps answering across a `--full` rebuild, and answers
    /// from the new generation after it.
    func testLongLivedSearchMovesToTheRebuiltGeneration() throws {
        try ingest([try write("old.jsonl", "{\"id\":\"alt\",\"text\":\"Bahnhof am Hafen\"}\n")])
        let batch = try BatchSearch(["--db", db])
        XCTAssertEqual(batch.ask("Bahnhof"), ["alt"])
        try ingest(["--full", try write("new.jsonl", "{\"id\":\"neu\",\"text\":\"Bahnhof und Zollamt\"}\n")])
        XCTAssertEqual(batch.ask("Bahnhof"), ["neu"])
        XCTAssertEqual(batch.ask("Zollamt"), ["neu"])
        try ingest(["--full", try write("newer.jsonl", "{\"id\":\"neuer\",\"text\":\"Zollamt\"}\n")])
        XCTAssertEqual(batch.ask("Zollamt"), ["neuer"])
        XCTAssertEqual(batch.ask("Bahnhof"), [])
        XCTAssertEqual(batch.finish(), 0)
    }

    /// A shard rebuilt under a running xapian-tcpsrv: a new search gets the
    /// new generation at once; a long-lived one answers throughout (from
    /// the old generation, or the new one if the old is gone) and has the
    /// new one within the renewal interval of its connections.
    func testShardRebuiltUnderARunningServer() throws {
        try ingest([try write("old.jsonl", "{\"id\":\"alt\",\"text\":\"Bahnhof am Hafen\"}\n")])
        let list = try write("served", "remote 127.0.0.1:\(try serve(db))\n")
        XCTAssertEqual(try ids([list], "Bahnhof"), ["alt"])
        let batch = try BatchSearch(["--db", list])
        XCTAssertEqual(batch.ask("Bahnhof"), ["alt"])
        try ingest(["--full", try write("new.jsonl", "{\"id\":\"neu\",\"text\":\"Bahnhof und Zollamt\"}\n")])
        XCTAssertEqual(try ids([list], "Bahnhof"), ["neu"], "a new connection reads the new generation")
        let during = batch.ask("Bahnhof")
        XCTAssertTrue(during == ["alt"] || during == ["neu"], "\(during)")
        Thread.sleep(forTimeInterval: 5.5)
        XCTAssertEqual(batch.ask("Zollamt"), ["neu"])
        XCTAssertEqual(batch.ask("Bahnhof"), ["neu"])
        XCTAssertEqual(batch.finish(), 0)
        XCTAssertEqual(batch.errors, 0)
    }

    // MARK: Servers

    /// Starts `xapian-tcpsrv` on a free port of 127.0.0.1 serving `path`
    /// (a stub: the server follows it), and waits until it accepts. A port
    /// taken between choosing and binding makes the server exit: try another.
    func serve(_ path: String) throws -> UInt16 {
        guard let server = ["/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("xapian-tcpsrv is not installed (Tools/setup installs xapian-tools)") }
        for _ in 0..<10 {
            let port = try freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: server)
            process.arguments = ["--quiet", "--interface", "127.0.0.1", "--port", String(port), path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            servers.append(process)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline {
                if accepts(port) { return port }
                usleep(20_000)
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        XCTFail("could not start xapian-tcpsrv")
        return 0
    }

    /// A port the system has just given out, free again.
    func freePort() throws -> UInt16 {
        let fd = try boundSocket()
        defer { close(fd) }
        return localPort(fd)
    }

    /// A TCP socket bound to 127.0.0.1 on a port the system chooses.
    func boundSocket() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0 else {
            close(fd)
            throw XCTSkip("cannot bind 127.0.0.1")
        }
        return fd
    }

    func localPort(_ fd: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    func shardList(remote ports: [UInt16], local: String) throws -> String {
        try write("shards", "# two served, one here\n" + ports.map { "remote 127.0.0.1:\($0)\n" }.joined()
            + "auto \(URL(fileURLWithPath: local).lastPathComponent)\n")
    }
}

/// A `fundus-search --queries -` process asked one query at a time, as a
/// script would: each answer is read up to its end record.
final class BatchSearch {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffered = Data()
    /// End records that carried an error.
    private(set) var errors = 0

    init(_ arguments: [String]) throws {
        process.executableURL = CLI.productsDirectory.appendingPathComponent("fundus-search")
        process.arguments = arguments + ["--queries", "-", "--format", "jsonl", "--no-snippets"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The ids of the hits for `query`.
    func ask(_ query: String) -> [String] {
        input.fileHandleForWriting.write(Data((query + "\n").utf8))
        var ids: [String] = []
        while true {
            while !buffered.contains(0x0A) {
                let more = output.fileHandleForReading.availableData
                if more.isEmpty { return ids }
                buffered += more
            }
            let end = buffered.firstIndex(of: 0x0A)!
            let line = buffered[buffered.startIndex..<end]
            buffered = Data(buffered[(end + 1)...])
            guard let record = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else { continue }
            if record["type"] as? String == "hit", let id = record["id"] as? String { ids.append(id) }
            if record["type"] as? String == "end" {
                if record["error"] != nil { errors += 1 }
                return ids
            }
        }
    }

    /// Ends the input and returns the exit status.
    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
