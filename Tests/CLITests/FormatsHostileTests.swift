import Foundation
import XCTest

/// Hostile documents (issue 17): each is skipped with one line naming it
/// and the reason, or indexed, within 10 s and 300 MB, and the rest of the
/// run goes on.
final class FormatsHostileTests: CLITestCase {
    /// A file of `size` bytes that starts with `head` and is a hole after it.
    func writeSparse(_ name: String, head: Data, size: UInt64) throws -> String {
        let path = try writeData(name, head)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: size)
        try handle.close()
        return path
    }

    var docs: String { directory.appendingPathComponent("docs").path }

    /// Runs fundus-ingest under /usr/bin/time: the result, seconds (wall clock, until its
    /// output is closed) and peak memory in MB.
    func timedIngest(_ arguments: [String], environment: String = "") throws -> (CommandResult, Double, Double) {
        let timing = directory.appendingPathComponent("time.txt").path
        let program = CLI.productsDirectory.appendingPathComponent("fundus-ingest").path
        let quoted = (["--db", db, "--lexicon", CLITestCase.smallLexicon] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let started = Date()
        let result = try CLI.runShell("\(environment) /usr/bin/time -o '\(timing)' -f '%e %M' '\(program)' \(quoted)")
        // Until every process holding its output is gone: a filter's child
        // that outlived the run would keep it open.
        let wall = Date().timeIntervalSince(started)
        // The last line is "SECONDS KILOBYTES" (a line before it may say the exit status).
        let last = try String(contentsOfFile: timing, encoding: .utf8).split(separator: "\n").last ?? ""
        let fields = last.split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(fields.count, 2, String(last))
        return (result, max(wall, fields.first ?? 0), (fields.last ?? 0) / 1024)
    }

    func testBrokenAndHostileDocumentsAreSkippedWithOneLineEach() throws {
        _ = try write("docs/gut.txt", "Notiz\n\nDer Apfelbaum trägt viele Früchte.\n")
        let word = try FormatFixtures.docx(paragraphs: ["Die Windkraftanlage lieferte Strom."], deleted: "x", title: "Bericht")
        let truncated = try writeData("docs/abgeschnitten.docx", word.prefix(word.count / 2))
        // 80 MB of zeros deflate to 80 KB; the archive says 100 bytes.
        let zeros = Data(count: 80 << 20)
        let bomb = try writeData("docs/bombe.odt", FormatFixtures.lyingAboutSize(
            try FormatFixtures.zip([("mimetype", Data("application/vnd.oasis.opendocument.text".utf8)), ("content.xml", zeros)],
                                   storedFirst: true), path: "content.xml", size: 100))
        var entities = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "Lachsalve">"#
        for level in 1...12 {
            let inner = level == 1 ? "&lol;" : "&lol\(level - 1);"
            entities += "<!ENTITY lol\(level) \"\(String(repeating: inner, count: 10))\">"
        }
        entities += #"]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol12;</w:t></w:r></w:p></w:body></w:document>"#
        let laughs = try writeData("docs/gelaechter.docx", try FormatFixtures.zip([
            ("[Content_Types].xml", "<Types/>"), ("word/document.xml", entities),
        ]))
        let huge = try writeSparse("docs/riesig.pdf", head: Data("%PDF-1.4\n".utf8), size: 200 << 20)
        let scan = try writeData("docs/scan.pdf", FormatFixtures.pdf(pages: ["", ""]))
        let damaged = try writeData("docs/kaputt.pdf", Data("%PDF-1.4\n1 0 obj << /Type /Catalog".utf8))
        let noContainer = try writeData("docs/leer.epub", try FormatFixtures.zip([("mimetype", "application/epub+zip")], storedFirst: true))
        let hugeHTML = try writeSparse("docs/riesig.html", head: Data("<html><body>".utf8), size: 70 << 20)
        let binary = try writeData("docs/binaer.html", Data([0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E, 0x00, 0x01, 0xFF, 0x00]))

        let (run, seconds, megabytes) = try timedIngest([docs])
        XCTAssertEqual(run.status, 1, run.stderr)
        let expected = [
            "\(truncated): not a readable zip archive (damaged or truncated?), skipped",
            "\(bomb): content.xml unpacks to more than 64 MB (256 MB in all): a zip bomb?, skipped",
            "\(laughs): word/document.xml is not well-formed XML, skipped",
            "\(huge): too large for PDF (200 MB, the limit is 100 MB), skipped",
            "\(scan): no text layer (scanned?), skipped",
            "\(damaged): pdftotext could not read it (damaged or encrypted), skipped",
            "\(noContainer): no META-INF/container.xml naming its package: not an EPUB, skipped",
            "\(hugeHTML): too large for HTML (70 MB, the limit is 64 MB), skipped",
            "\(binary): binary file (contains NUL bytes), skipped",
        ]
        let lines = run.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, expected.count, run.stderr)
        for line in expected { XCTAssertTrue(lines.contains("fundus-ingest: skipped " + line), "\(line)\n\(run.stderr)") }
        XCTAssertLessThan(seconds, 10, "seconds")
        XCTAssertLessThan(megabytes, 300, "MB")
        // The rest of the run went on.
        XCTAssertEqual(try search(["--ids", "Apfelbaum"]).stdout, docs + "/gut.txt\n")
        XCTAssertEqual(try search(["--ids", "Lachsalve"]).stdout, "")
    }

    func testAHangingPdftotextIsKilledWithItsChildren() throws {
        // A pdftotext that never ends, and leaves a child behind it.
        let bin = directory.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let pidFile = directory.appendingPathComponent("sleeper.pid").path
        let fake = bin.appendingPathComponent("pdftotext").path
        try "#!/bin/sh\nsleep 30 &\necho $! > '\(pidFile)'\nwait\n".write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let pdf = try writeData("docs/haengt.pdf", FormatFixtures.pdf(pages: ["Der Kompressor brummt."]))
        _ = try write("docs/gut.txt", "Notiz\n\nDer Apfelbaum trägt viele Früchte.\n")
        let (run, seconds, _) = try timedIngest([docs], environment: "PATH='\(bin.path)':\"$PATH\" FUNDUS_FILTER_SECONDS=2")
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertEqual(run.stderr, "fundus-ingest: skipped \(pdf): pdftotext took longer than 2 s, killed, skipped\n")
        XCTAssertLessThan(seconds, 10)
        let sleeper = try XCTUnwrap(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Killed with its group; init may take a moment to reap it (a zombie is dead).
        func alive() -> Bool {
            guard kill(sleeper, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(sleeper)/stat", encoding: .utf8)
            else { return false }
            return !stat.contains(") Z ")
        }
        XCTAssertFalse(alive(), "the filter's child survived")
        XCTAssertEqual(try search(["--ids", "Apfelbaum"]).stdout, docs + "/gut.txt\n")
    }

    func testAMailboxOfManyMessagesIsBounded() throws {
        var mbox = ""
        mbox.reserveCapacity(12_000 * 160)
        for n in 1...10_010 {
            mbox += "From a@example.org Tue Dec  3 09:15:00 2024\nSubject: Nachricht \(n)\nMessage-ID: <n\(n)@example.org>\n\n"
                + "Nachricht Nummer \(n): Wort\(n)\n\n"
        }
        let path = try write("post.mbox", mbox)
        let (run, seconds, megabytes) = try timedIngest([path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "fundus-ingest: \(path): 10010 messages, only the first 10000 indexed\n")
        XCTAssertEqual(try search(["--ids", "Wort10000"]).stdout, path + "#n10000@example.org\n")
        XCTAssertEqual(try search(["--ids", "Wort10001"]).stdout, "")
        XCTAssertLessThan(seconds, 20, "10,000 messages in a debug build")
        XCTAssertLessThan(megabytes, 300)
    }
}
