import Foundation
import TestSupport
import XCTest

/// A first build and `--full` end with a compacted generation (issue 19):
/// compacting it again with xapian-compact gains next to nothing, while an
/// index grown by an incremental run (which stays as it is) gains a third.
final class IngestCompactTests: CLITestCase {
    /// Notes of twelve sentences each, from a seeded generator, so that the
    /// B-trees hold enough blocks for their fill to show in the size.
    private func notes(_ range: Range<Int>) -> String {
        var random = SplitMix64(state: 19)
        let nouns = ["Rakete", "Satellit", "Wetterbericht", "Waldbrand", "Brücke", "Hafen", "Drucker", "Netzwerk",
                     "Sicherung", "Schlüssel", "Passwort", "Bahnhof", "Steuer", "Kuchen", "Garten", "Zeitung"]
        let verbs = ["startet", "prüft", "meldet", "baut", "sucht", "findet", "öffnet", "schließt", "druckt", "sendet"]
        var lines: [String] = []
        for i in 0..<range.upperBound {
            var sentences: [String] = []
            for _ in 0..<12 {
                let a = nouns[random.int(0...nouns.count - 1)], b = nouns[random.int(0...nouns.count - 1)]
                let c = nouns[random.int(0...nouns.count - 1)].lowercased(), v = verbs[random.int(0...verbs.count - 1)]
                sentences.append("Die \(a) \(v) den \(b)\(c) am \(random.int(1...28)). Tag.")
            }
            guard range.contains(i) else { continue }
            lines.append(#"{"id":"n\#(i)","title":"Notiz \#(i)","text":"\#(sentences.joined(separator: " "))"}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func bytes(_ folder: String) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: folder).reduce(0) { sum, name in
            let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            return sum + ((attributes[.size] as? Int) ?? 0)
        }
    }

    /// Size of the current generation against a fresh xapian-compact copy of it.
    private func sizeAgainstRecompacted(_ generation: String) throws -> Double {
        let copy = directory.appendingPathComponent("recompacted-\(UUID().uuidString)").path
        let result = try CLI.runShell("xapian-compact '\(generation)' '\(copy)'")
        XCTAssertEqual(result.status, 0, result.stderr)
        return Double(try bytes(generation)) / Double(try bytes(copy))
    }

    func testFirstBuildAndFullEndCompactedButIncrementalRunsDoNot() throws {
        let half = try write("half.jsonl", notes(0..<1500))
        let all = try write("all.jsonl", notes(0..<3000))
        let generations = db + ".generations"

        try ingest([all])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: generations), ["gen-1"])
        XCTAssertLessThan(try sizeAgainstRecompacted(generations + "/gen-1"), 1.05, "a first build is compacted")

        try ingest(["--full", half])
        XCTAssertLessThan(try sizeAgainstRecompacted(generations + "/gen-2"), 1.05, "--full ends compacted")

        // The yardstick that makes the two checks above able to fail: the
        // same documents grown in place are much larger than compacted.
        try ingest([all])
        XCTAssertEqual(try String(contentsOfFile: db, encoding: .utf8), "glass db.generations/gen-2\n")
        XCTAssertGreaterThan(try sizeAgainstRecompacted(generations + "/gen-2"), 1.2, "incremental runs stay as they are")

        let found = try search(["--count", "Rakete"])
        XCTAssertEqual(found.status, 0, found.stderr)
        XCTAssertGreaterThan(Int(found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 1000)
    }
}
