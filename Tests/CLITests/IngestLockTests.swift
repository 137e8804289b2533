import FundusCore
import XCTest

/// Only one ingest writes an index; the others exit 75 at once, or wait
/// with --wait; a lock left by a dead process never blocks (issue 5).
final class IngestLockTests: CLITestCase {
    var lockFile: String { db + ".lock" }

    func run(_ arguments: [String]) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments)
    }

    func testSecondIngestExitsSeventyFiveNamingLockAndHolder() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let lock = try IndexLock(indexPath: db)  // held by this test process
        let result = try run([notes])
        lock.release()
        XCTAssertEqual(result.status, 75)
        let lines = result.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(lockFile), result.stderr)
        XCTAssertTrue(result.stderr.contains("process \(getpid())"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "a locked-out run must not touch the index")
    }

    func testIngestLockedOutByAnotherRunningIngest() throws {
        // The first ingest reads standard input, which this test keeps open:
        // it holds the lock until the input ends.
        let first = try startIngest(["-"])
        first.write("{\"id\":\"s1\",\"title\":\"Sturm\",\"text\":\"Orkanböen an der Küste.\"}\n")
        // Wait until it holds the lock: its pid is in the lock file.
        while (try? String(contentsOfFile: lockFile, encoding: .utf8)) != "\(first.pid)\n" && first.isRunning {
            usleep(20_000)
        }
        let second = try run([try write("b.jsonl", "{\"id\":\"b\",\"title\":\"\",\"text\":\"Brücke\"}\n")])
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("process \(first.pid)"), second.stderr)
        XCTAssertEqual(second.stderr.split(separator: "\n").count, 1, second.stderr)
        let done = first.finish()
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try search(["Orkanböen"]).status, 0)
    }

    func testWaitWaitsForTheLockToBeReleased() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let lock = try IndexLock(indexPath: db)
        DispatchQueue.global().asyncAfter(deadline: .now() + 1) { lock.release() }
        let result = try run(["--wait", "60", notes])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try search(["Buttermilch"]).status, 0)
    }

    func testWaitGivesUpWithSeventyFive() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        let lock = try IndexLock(indexPath: db)
        let result = try run(["--wait", "0.3", notes])
        lock.release()
        XCTAssertEqual(result.status, 75)
        XCTAssertTrue(result.stderr.contains("after waiting"), result.stderr)
    }

    func testStaleLockFileOfADeadProcessDoesNotBlock() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        // What a killed ingest leaves: the file with its pid, but no flock.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        try "\(dead.processIdentifier)\n".write(toFile: lockFile, atomically: false, encoding: .utf8)
        let result = try run([notes])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testXapianWriteLockAlsoMapsToSeventyFive() throws {
        let notes = try write("notes/a.txt", "Brief\n\nDie Buttermilch ist sauer.\n")
        XCTAssertEqual(try run([notes]).status, 0)
        // Another program (not fundus-ingest) writing the database directly.
        let other = try IndexWriter(path: try IndexStore(path: db).currentDatabase())
        let result = try run([notes])
        try other.close()
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("locked"), result.stderr)
    }
}
