import Foundation
import XCTest
import Xapian

/// `fundus-ingest --jobs N`: a parallel build must leave the index a
/// single-threaded one would, passage for passage and key for key.
final class IngestParallelTests: CLITestCase {
    private static let words = [
        "Rakete", "Raketenstart", "Wetterbericht", "Waldbrand", "Brücke", "Satellit", "Abwehr", "Regierung",
        "Bundestag", "Haushalt", "Verkehr", "Bahnhof", "Straßenbahn", "Schule", "Lehrerin", "Kinder", "Gemeinde",
        "Bürgermeister", "Feuerwehr", "Einsatz", "Hochwasser", "Deich", "Landwirtschaft", "Ernte", "Getreide",
        "Krankenhaus", "Ärztin", "Forschung", "Universität", "Studierende", "Energie", "Windkraft", "Solaranlage",
        "Stromnetz", "Heizung", "Wohnung", "Miete", "Stadtrat", "Beschluss", "Gericht", "Urteil", "Polizei",
        "Verkehrsunfall", "Autobahn", "Baustelle", "Fußball", "Mannschaft", "Trainer", "Konzert", "Orchester",
    ]
    private static let fillers = ["der", "die", "das", "und", "mit", "für", "nach", "über", "wegen", "am", "im"]
    private static let verbs = ["berichtet", "plant", "beschließt", "meldet", "untersucht", "eröffnet", "prüft"]

    /// A deterministic German-ish text: `paragraphs` paragraphs, long enough to split into passages.
    private static func text(seed: Int, paragraphs: Int) -> String {
        var state = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<paragraphs).map { _ in
            (0..<(3 + next(4))).map { _ in
                let sentence = (0..<(6 + next(8))).map { i -> String in
                    switch (i + next(3)) % 3 {
                    case 0: return words[next(words.count)]
                    case 1: return fillers[next(fillers.count)]
                    default: return verbs[next(verbs.count)]
                    }
                }
                return sentence.joined(separator: " ") + "."
            }.joined(separator: " ")
        }.joined(separator: "\n\n")
    }

    /// A few hundred records, a folder of text files, and the analysis fixture.
    private func makeInputs(duplicate: Bool) throws -> [String] {
        var lines: [String] = []
        for i in 0..<320 {
            let record: [String: Any] = [
                "id": "doc-\(i)", "title": "\(Self.words[i % Self.words.count]) Nummer \(i)",
                "text": Self.text(seed: i, paragraphs: 1 + i % 5),
                "date": "2024-0\(1 + i % 9)-1\(i % 10)", "source": i % 2 == 0 ? "zeitung" : "amtsblatt",
            ]
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        // The same id on lines that different workers take: the last one wins.
        if duplicate {
            lines.insert(#"{"id": "doc-7", "title": "Erste Fassung", "text": "Eine frühere Fassung über den Waldbrand am Deich."}"#, at: 6)
            // And once more at the end, in the second worker's share.
            lines.append(#"{"id": "doc-7", "title": "Letzte Fassung", "text": "Die letzte Fassung über den Bahnhof."}"#)
        }
        lines.append("")  // a blank line, and a broken one: neither shifts the share
        lines.append("{not json")
        let jsonl = try write("records.jsonl", lines.joined(separator: "\n") + "\n")
        for i in 0..<41 {
            _ = try write("texte/ordner-\(i % 3)/datei-\(i).txt",
                          "Titel \(i)\n\n" + Self.text(seed: 10_000 + i, paragraphs: 1 + i % 4))
        }
        return [jsonl, directory.appendingPathComponent("texte").path, CLI.fixtures.appendingPathComponent("analysis.jsonl").path]
    }

    private func run(_ db: String, _ arguments: [String]) throws -> CommandResult {
        try CLI.run("fundus-ingest", ["--db", db, "--lexicon", CLITestCase.smallLexicon, "--summary"] + arguments)
    }

    /// Passage term → (terms, data, values) of every passage.
    private func passages(_ path: String) throws -> [String: [String]] {
        let database = try Database(path: path)
        var result: [String: [String]] = [:]
        for term in try database.terms(withPrefix: "Q") {
            guard let id = try database.firstDocumentID(withTerm: term) else { XCTFail("no passage for \(term)"); continue }
            let document = try database.document(id: id)
            result[term] = try document.terms() + ["data:" + document.data(), "v0:" + document.value(slot: 0),
                                                   "v1:" + document.value(slot: 1)]
        }
        XCTAssertEqual(result.count, Int(try database.documentCount), "one Q term per passage")
        return result
    }

    private func metadata(_ path: String) throws -> [String: String] {
        let database = try Database(path: path)
        var result: [String: String] = [:]
        for key in try database.metadataKeys(withPrefix: "") { result[key] = try database.metadata(forKey: key) }
        return result
    }

    func testTwoJobsBuildTheIndexOneJobBuilds() throws {
        let inputs = try makeInputs(duplicate: true)
        let single = directory.appendingPathComponent("single").path
        let parallel = directory.appendingPathComponent("parallel").path
        let one = try run(single, ["--jobs", "1"] + inputs)
        let two = try run(parallel, ["--jobs", "2"] + inputs)
        XCTAssertEqual(one.status, 1, one.stderr)  // the broken line
        XCTAssertEqual(two.status, 1, two.stderr)
        XCTAssertTrue(one.stderr.contains("1 failed"), one.stderr)
        XCTAssertTrue(two.stderr.contains("1 failed"), two.stderr)
        // The counts of the summary are the same (its time is not).
        func counts(_ r: CommandResult) -> String? {
            r.stderr.split(separator: "\n").first { $0.contains(" written in ") }
                .map { String($0.split(separator: ": ").last!.split(separator: " in ")[0]) }
        }
        XCTAssertNotNil(counts(one))
        XCTAssertEqual(counts(one), counts(two))
        // The parallel build merges its shards into generation 1 and leaves
        // no shard behind. (It no longer publishes an empty generation first:
        // a run killed midway must leave no index at PATH, issue 15.)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: parallel + ".generations"), ["gen-1"])

        let a = try passages(single), b = try passages(parallel)
        XCTAssertGreaterThan(a.count, 700)
        XCTAssertEqual(a.count, b.count)
        XCTAssertEqual(Set(a.keys), Set(b.keys))
        for (term, value) in a where b[term] != value {
            XCTFail("passage \(term) differs:\n\(value)\n\(b[term] ?? [])")
            break
        }
        XCTAssertTrue(a["Qdoc-7#1"]?.contains { $0.contains("Letzte Fassung") } == true, "the last doc-7 wins")
        XCTAssertNil(a["Qdoc-7#2"])
        // Document states, line hashes, lexicon, schema version: the same keys and values.
        let ma = try metadata(single), mb = try metadata(parallel)
        XCTAssertGreaterThan(ma.keys.filter { $0.hasPrefix("D:") }.count, 370)
        XCTAssertEqual(ma, mb)

        // Spelling data: the same suggestions.
        let da = try Database(path: single), db = try Database(path: parallel)
        for word in ["feuerwer", "bürgermeiser", "krankenhau", "orchesterr", "getreid", "studierend", "raketnstart"] {
            XCTAssertEqual(try da.spellingSuggestion(for: word), try db.spellingSuggestion(for: word), word)
        }

        // The same searches find the same documents, in the same order.
        for query in ["Waldbrand", "Feuerwehr Einsatz", "\"Bahnhof eröffnet\"", "title:Rakete", "Hochwasser OR Deich",
                      "Raketenstart", "source:amtsblatt Miete"] {
            let ra = try CLI.run("fundus-search", ["--db", single, "--ids", "--limit", "50", query])
            let rb = try CLI.run("fundus-search", ["--db", parallel, "--ids", "--limit", "50", query])
            XCTAssertFalse(ra.stdoutLines.isEmpty, "\(query): \(ra.stderr)")
            XCTAssertEqual(ra.stdoutLines, rb.stdoutLines, query)
        }

        // The next incremental run does what it does after one job (an id
        // given twice is indexed again: each line differs from the state
        // kept), and says that it uses one job.
        let again = try run(parallel, ["--jobs", "2", "--verbose"] + inputs)
        let againSingle = try run(single, inputs)
        XCTAssertEqual(counts(again), counts(againSingle))
        XCTAssertTrue(again.stderr.contains(" 0 added, 3 changed, 0 removed, "), again.stderr)
        XCTAssertTrue(again.stderr.contains("--jobs 2 ignored"), again.stderr)
        let quiet = try run(parallel, ["--jobs", "2"] + inputs)
        XCTAssertFalse(quiet.stderr.contains("--jobs 2 ignored"), quiet.stderr)
    }

    func testFullRebuildWithThreeJobsOverAnExistingIndex() throws {
        let inputs = try makeInputs(duplicate: false)
        let single = directory.appendingPathComponent("single").path
        let parallel = directory.appendingPathComponent("parallel").path
        _ = try run(single, ["--full"] + inputs)
        _ = try run(parallel, inputs.suffix(1))  // an index with other content, replaced by --full
        let rebuilt = try run(parallel, ["--full", "--jobs", "3"] + inputs)
        XCTAssertEqual(rebuilt.status, 1, rebuilt.stderr)
        XCTAssertFalse(rebuilt.stderr.contains("duplicate"), rebuilt.stderr)
        XCTAssertEqual(try passages(single), try passages(parallel))
        XCTAssertEqual(try metadata(single), try metadata(parallel))
        let again = try run(parallel, inputs)
        XCTAssertTrue(again.stderr.contains(" 0 added, 0 changed, 0 removed, "), again.stderr)
    }
}
