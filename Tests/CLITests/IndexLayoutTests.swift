import FundusCore
import XCTest

/// The index's own files cannot be turned against their owner: a linked
/// generations folder, a linked lock file, a stub naming another place, an
/// alias of the index (issue 15, points 1 to 4), and a first parallel
/// ingest killed midway (point 13).
final class IndexLayoutTests: CLITestCase {
    let fm = FileManager.default

    func run(_ arguments: [String], db path: String? = nil, in folder: URL? = nil) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", path ?? db, "--lexicon", CLITestCase.smallLexicon] + arguments,
                    directory: folder)
    }

    func sample(_ name: String = "a.jsonl", id: String = "a", text: String = "Die Fähre nach Juist fährt heute nicht.")
        throws -> String
    {
        try write(name, "{\"id\":\"\(id)\",\"title\":\"Fähre\",\"text\":\"\(text)\"}\n")
    }

    func listing(_ path: String) -> [String] { ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted() }

    func assertOneLine(_ result: CommandResult, status: Int32 = 2, naming: String, _ what: String,
                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, status, "\(what): \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "\(what): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(naming), "\(what): \(result.stderr)", file: file, line: line)
    }

    // MARK: 1. a generations folder that is a link

    /// An admin keeps the generations on another disk with a symbolic link,
    /// in a folder that holds other files too: first ingest, --full and
    /// --compact delete none of them, and the index works.
    func testLinkedGenerationsFolderKeepsEveryFileOfTheUser() throws {
        // Another file system where there is one (tmpfs): the stub's switch
        // must not rename across it.
        let shm = "/dev/shm"
        let elsewhere = access(shm, W_OK) == 0 ? shm + "/fundus-test-\(UUID().uuidString)"
            : directory.appendingPathComponent("andere-platte").path
        defer { try? fm.removeItem(atPath: elsewhere) }
        let outside = directory.appendingPathComponent("ausserhalb").path
        try fm.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try "bleibt\n".write(toFile: outside + "/wichtig.txt", atomically: false, encoding: .utf8)
        let userFiles = ["brief.txt": "Liebe Oma,\n", "fotos/urlaub.txt": "Juist 2025\n", "gen-liste.txt": "Generationen\n",
                         "stub.alt": "glass db.generations/gen-1\n"]
        for (name, text) in userFiles {
            try fm.createDirectory(atPath: elsewhere + "/" + (name as NSString).deletingLastPathComponent,
                                   withIntermediateDirectories: true)
            try text.write(toFile: elsewhere + "/" + name, atomically: false, encoding: .utf8)
        }
        // A link named as Fundus names a generation: deleted as a link at
        // most, never followed into the folder it names.
        try fm.createSymbolicLink(atPath: elsewhere + "/gen-9", withDestinationPath: outside)
        try fm.createSymbolicLink(atPath: elsewhere + "/verweis", withDestinationPath: outside)
        try fm.createSymbolicLink(atPath: db + ".generations", withDestinationPath: elsewhere)

        for arguments in [[try sample()], ["--full", try sample("b.jsonl", id: "b")], ["--compact"]] {
            // A link planted inside the current generation, which the run
            // replaces and deletes: removed as a link, never followed.
            if let current = try? IndexStore(path: db).currentDatabase(), fm.fileExists(atPath: current) {
                try fm.createSymbolicLink(atPath: current + "/verweis", withDestinationPath: outside)
            }
            let result = try run(arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            for (name, text) in userFiles {
                XCTAssertEqual(try? String(contentsOfFile: elsewhere + "/" + name, encoding: .utf8), text, "\(arguments): \(name)")
            }
            XCTAssertEqual(listing(outside), ["wichtig.txt"], "\(arguments)")
            XCTAssertEqual(try String(contentsOfFile: outside + "/wichtig.txt", encoding: .utf8), "bleibt\n")
            XCTAssertNotNil(try? fm.destinationOfSymbolicLink(atPath: elsewhere + "/verweis"))
        }
        XCTAssertEqual(try Searcher(path: db).count("Fähre"), 1)
        XCTAssertEqual(try CLI.run("fundus-ingest", ["--db", db, "--check"]).status, 0)
        // The replaced generations went; the user's entries stayed.
        let generations = listing(elsewhere).filter { $0.hasPrefix("gen-") && $0 != "gen-liste.txt" }
        XCTAssertEqual(generations.count, 1, "\(listing(elsewhere))")
    }

    func testGenerationsPathThatIsNotAFolderIsRefused() throws {
        let file = try write("notiz.txt", "Einkaufszettel\n")
        try fm.createSymbolicLink(atPath: db + ".generations", withDestinationPath: file)
        assertOneLine(try run([try sample()]), naming: db + ".generations", "link to a file")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), "Einkaufszettel\n")
        XCTAssertFalse(fm.fileExists(atPath: db))
    }

    // MARK: 2. the lock file

    /// A lock path that is a symbolic link is refused; one that is a hard
    /// link is locked but never written: the file is neither truncated nor
    /// written in either case.
    func testLockFileThatIsALinkIsRefusedAndItsTargetUntouched() throws {
        let victim = try write("wertvoll.txt", "nicht überschreiben\n")
        try fm.createSymbolicLink(atPath: db + ".lock", withDestinationPath: victim)
        assertOneLine(try run([try sample()]), naming: db + ".lock", "symbolic link")
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "nicht überschreiben\n")
        XCTAssertFalse(fm.fileExists(atPath: db))

        try fm.removeItem(atPath: db + ".lock")
        try fm.linkItem(atPath: victim, toPath: db + ".lock")
        let hard = try run([try sample()])
        XCTAssertEqual(hard.status, 0, hard.stderr)
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "nicht überschreiben\n")
        XCTAssertEqual(try Searcher(path: db).count("Fähre"), 1)
        // A FIFO is no lock file either (opening it must not block).
        try fm.removeItem(atPath: db + ".lock")
        XCTAssertEqual(mkfifo(db + ".lock", 0o600), 0)
        assertOneLine(try run([try sample()]), naming: db + ".lock", "FIFO")
    }

    // MARK: 3. stubs

    /// Only a stub naming a generation in its own PATH.generations/ is an
    /// index: any other stub is refused by ingest (every kind of run) and
    /// search alike, and nothing is written where it points.
    func testStubNamingAnyOtherPlaceIsRefusedByBothTools() throws {
        XCTAssertEqual(try run([try sample()]).status, 0)
        let good = try String(contentsOfFile: db, encoding: .utf8)
        XCTAssertEqual(good, "glass db.generations/gen-1\n")
        let target = directory.appendingPathComponent("fremd").path
        try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
        let other = directory.appendingPathComponent("other").path
        XCTAssertEqual(try run([try sample()], db: other).status, 0)
        let stubs = ["glass fremd\n", "glass \(target)\n", "glass ../\(directory.lastPathComponent)/fremd\n",
                     "glass db.generations/gen-1/../../fremd\n", "glass other.generations/gen-1\n",
                     "glass db.generations/gen-01\n", "glass db.generations/gen-+1\n", "glass  db.generations/gen-1\n",
                     "glass db.generations/gen-1\nglass fremd\n", "auto fremd\n", "remote :6431\n", "\n", ""]
        for stub in stubs {
            try stub.write(toFile: db, atomically: false, encoding: .utf8)
            for arguments in [[try sample("b.jsonl", id: "b")], ["--full", try sample("b.jsonl", id: "b")], ["--compact"],
                              ["--check"]] {
                let result = try run(arguments)
                assertOneLine(result, naming: db, "\(stub.debugDescription) \(arguments)")
                XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), stub, "the stub was replaced")
            }
            assertOneLine(try search(["Fähre"]), naming: db, "search, \(stub.debugDescription)")
            XCTAssertEqual(listing(target), [], "written into the folder a stub named: \(stub.debugDescription)")
        }
        // Nor is a folder that holds no database an index to write into.
        try fm.removeItem(atPath: db)
        try "Notizen\n".write(toFile: target + "/notizen.txt", atomically: false, encoding: .utf8)
        for arguments in [[try sample("b.jsonl", id: "b")], ["--full", try sample("b.jsonl", id: "b")], ["--compact"]] {
            assertOneLine(try run(arguments, db: target), naming: target, "a plain folder, \(arguments)")
            XCTAssertEqual(listing(target), ["notizen.txt"], "written into a plain folder: \(arguments)")
        }
        assertOneLine(try CLI.run("fundus-search", ["--db", target, "Fähre"]), naming: target, "search in a plain folder")
        XCTAssertEqual(try Searcher(path: other).count("Fähre"), 1, "the other index stayed as it was")
        try good.write(toFile: db, atomically: false, encoding: .utf8)
        XCTAssertEqual(try search(["Fähre"]).status, 0)
    }

    // MARK: 4. one lock, whatever names the index

    /// A link to the stub, `./db`, `x/../db` and a path through a linked
    /// folder all name one index: an ingest through any of them is locked
    /// out while another holds the index, and writes the one index.
    func testEveryNameOfTheIndexSharesOneLock() throws {
        XCTAssertEqual(try run([try sample()]).status, 0)
        try fm.createSymbolicLink(atPath: directory.appendingPathComponent("alias").path, withDestinationPath: "db")
        try fm.createDirectory(at: directory.appendingPathComponent("x"), withIntermediateDirectories: true)
        let linkedFolder = directory.deletingLastPathComponent().appendingPathComponent("link-\(UUID().uuidString)").path
        try fm.createSymbolicLink(atPath: linkedFolder, withDestinationPath: directory.path)
        defer { try? fm.removeItem(atPath: linkedFolder) }
        let names = [directory.appendingPathComponent("alias").path, "./db", "x/../db", "alias", linkedFolder + "/db",
                     linkedFolder + "/alias"]
        let lock = try IndexLock(indexPath: db)
        for name in names {
            let result = try run([try sample("b.jsonl", id: "b")], db: name, in: directory)
            XCTAssertEqual(result.status, 75, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("process \(getpid())"), "\(name): \(result.stderr)")
        }
        lock.release()
        // Unlocked, an ingest through the link writes the index the link names.
        let through = try run([try sample("c.jsonl", id: "c", text: "Die Fähre nach Borkum fährt.")],
                              db: directory.appendingPathComponent("alias").path)
        XCTAssertEqual(through.status, 0, through.stderr)
        XCTAssertEqual(try Searcher(path: db).count("Fähre"), 2)
        XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("alias").path), "db")
        XCTAssertFalse(fm.fileExists(atPath: directory.appendingPathComponent("alias.generations").path))
        XCTAssertFalse(fm.fileExists(atPath: directory.appendingPathComponent("alias.lock").path))
        XCTAssertEqual(try CLI.run("fundus-search", ["--db", directory.appendingPathComponent("alias").path, "Borkum"]).status, 0)
    }

    // MARK: 13. a first parallel ingest killed midway

    /// Until a first ingest finishes there is no index at PATH, with
    /// --jobs as with one job: killed midway, it leaves none (not an empty one).
    func testFirstParallelIngestKilledMidwayLeavesNoIndex() throws {
        let corpus = try generatedCorpus("g.jsonl", count: 3000)
        let first = try startIngest(["--jobs", "2", corpus])
        // Wait until the workers write their shards: the build is under way.
        var building = false
        let deadline = Date().addingTimeInterval(60)
        while !building && first.isRunning && Date() < deadline {
            building = listing(db + ".generations").contains { $0.hasPrefix("shards-") }
            if !building { usleep(5_000) }
        }
        XCTAssertTrue(building, "the parallel build was never seen under way")
        XCTAssertFalse(fm.fileExists(atPath: db), "an index at PATH before the build finished")
        first.killHard()
        XCTAssertFalse(fm.fileExists(atPath: db), "a killed first ingest left an index at PATH")
        assertOneLine(try search(["Bahnhof"]), naming: "no index at \(db)", "search after the kill")
        // The next run builds it, and leaves nothing of the killed one.
        let next = try run(["--jobs", "2", corpus])
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try Searcher(path: db).count("Bahnhof"), 3000)
        XCTAssertEqual(listing(db + ".generations").count, 1, "\(listing(db + ".generations"))")
    }
}
