import Foundation
import Xapian
import XCTest

@testable import FundusCore

/// Issue 15, point 6: two different ids never share an index term, a
/// document is never replaced or deleted under another id's term, and an
/// index with the old (FNV-1a) terms for long ids is refused with a clear
/// message instead of being updated wrongly.
final class IdTermTests: XCTestCase {
    var directory: URL!
    var db: String { directory.appendingPathComponent("db").path }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-idterm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func testSHA256KnownDigests() {
        // From Python's hashlib; the lengths straddle the padding's edges (55, 56, 64 bytes).
        let cases: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 55), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (String(repeating: "a", count: 56), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (String(repeating: "a", count: 64), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
            ("Ümlaut-ß-🚀", "61ffa300830ecad282236bffbdc439cf584d81a674621a662b1ce4b223cbf221"),
        ]
        for (text, digest) in cases { XCTAssertEqual(SHA256.hex(Array(text.utf8)), digest, "\(text.prefix(20))") }
    }

    /// The term schema 2 gave a long id: head, "#", FNV-1a 64 in hex (177 bytes at most).
    static func oldTerm(_ id: String) -> String {
        let utf8 = Array(id.utf8)
        return String(decoding: Schema.head(utf8), as: UTF8.self) + "#" + Schema.fnv1a64Hex(utf8)
    }

    func testLongIdsAndCraftedIdsNeverShareATerm() {
        let base = String(repeating: "archiv/2024/", count: 25)
        var ids = (0..<50).map { base + "dokument-\($0)" } + ["ä" + base + "x", base + "ä", base + "🚀"]
        // The crafted case: a short id spelled as a long id's old term.
        ids.append(Self.oldTerm(ids[0]))
        XCTAssertEqual(ids.last!.utf8.count, 177)
        // Ids at the limit and just over it, differing only at the end.
        for n in 178...183 { ids += ["a", "b"].map { String(repeating: "x", count: n - 1) + $0 } }
        let terms = ids.map(Schema.documentTerm)
        XCTAssertEqual(Set(terms).count, ids.count, "two ids share a term")
        XCTAssertEqual(Set(ids.map { Schema.passageTerm($0, passage: 3) }).count, ids.count)
        for (id, term) in zip(ids, terms) {
            XCTAssertLessThanOrEqual(Schema.passageTerm(id, passage: 99_999).utf8.count, 245)
            if id.utf8.count > 180 { XCTAssertGreaterThan(term.utf8.count - 1, 180, "a long id's term could equal a short id") }
        }
    }

    func testAStoredDocumentIsNeverReplacedOrDeletedUnderAnotherIdsTerm() throws {
        let writer = try IndexWriter(path: db)
        try writer.add(SourceDocument(id: "echt", title: "Brief", text: "Die Buttermilch ist sauer."))
        try writer.close()
        // A passage of "echt" filed under the terms of "fremd": what a
        // collision of two ids' terms would look like.
        let raw = try WritableDatabase(path: db, mode: .openExisting)
        let docid = try XCTUnwrap(try raw.firstDocumentID(withTerm: Schema.documentTerm("echt")))
        let doc = try raw.document(id: docid)
        try doc.addBooleanTerm(Schema.documentTerm("fremd"))
        try doc.addBooleanTerm(Schema.passageTerm("fremd", passage: 1))
        try raw.replaceDocument(uniqueTerm: Schema.passageTerm("echt", passage: 1), doc)
        try raw.close()

        let second = try IndexWriter(path: db)
        XCTAssertThrowsError(try second.add(SourceDocument(id: "fremd", title: "Andere", text: "Das Gipfelkreuz."))) { error in
            let conflict = error as? IndexWriter.IdConflict
            XCTAssertEqual(conflict?.stored, "echt")
        }
        XCTAssertThrowsError(try second.remove(id: "fremd"))
        try second.close()
        let check = try Database(path: db)
        XCTAssertEqual(try check.documentCount, 1)
        let kept = try check.document(id: try XCTUnwrap(try check.firstDocumentID(withTerm: Schema.documentTerm("echt"))))
        XCTAssertEqual(PassageRecord.decode(stored: try kept.data(), using: JSONDecoder())?.text, "Die Buttermilch ist sauer.")
    }

    /// A schema 2 index whose long ids have the old terms: the ingest stops
    /// and asks for a rebuild; one without long ids is upgraded in place.
    func testOldIndexWithLongIdsAsksForARebuild() throws {
        let long = String(repeating: "verzeichnis/", count: 20) + "brief.txt"
        func oldIndex(at path: String, id: String) throws {
            let raw = try WritableDatabase(path: path, mode: .createOrOpen)
            let doc = try Document()
            try doc.addBooleanTerm(id.utf8.count > 180 ? "I" + Self.oldTerm(id) : Schema.documentTerm(id))
            try doc.setValue(id, slot: Schema.Slot.document)
            try doc.setData(PassageRecord(id: id, title: "", passage: 1, text: "Alt.").storedJSON)
            _ = try raw.addDocument(doc)
            try raw.setMetadata("2", forKey: Schema.Metadata.schemaVersion)
            try raw.close()
        }
        try oldIndex(at: db, id: long)
        XCTAssertThrowsError(try IndexWriter(path: db)) { error in
            let message = (error as? FundusError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("schema 2") && message.contains("--full"), message)
        }
        XCTAssertEqual(try Database(path: db).metadata(forKey: Schema.Metadata.schemaVersion), "2")

        // Through the ingest, as fundus-ingest runs it: refused, then rebuilt with --full.
        let input = directory.appendingPathComponent("neu.jsonl")
        try "{\"id\":\"\(long)\",\"text\":\"Die Buttermilch ist sauer.\"}\n".write(to: input, atomically: true, encoding: .utf8)
        func ingest(full: Bool) throws -> IngestReport {
            let lock = try IndexLock(indexPath: db)
            defer { lock.release() }
            var options = IngestOptions()
            options.full = full
            return try Ingestor(store: IndexStore(path: db), lexiconURL: nil, options: options).ingest([input.path])
        }
        XCTAssertThrowsError(try ingest(full: false)) { error in
            XCTAssertTrue(((error as? FundusError)?.message ?? "").contains("rebuild it with fundus-ingest --full"), "\(error)")
        }
        XCTAssertEqual(try ingest(full: true).added, 1)
        let rebuilt = try Database(path: db)
        XCTAssertEqual(try rebuilt.metadata(forKey: Schema.Metadata.schemaVersion), Schema.version)
        XCTAssertEqual(try rebuilt.documentCount, 1)
        XCTAssertNotNil(try rebuilt.firstDocumentID(withTerm: Schema.documentTerm(long)))

        let plain = directory.appendingPathComponent("plain").path
        try oldIndex(at: plain, id: "brief.txt")
        try IndexWriter(path: plain).close()
        XCTAssertEqual(try Database(path: plain).metadata(forKey: Schema.Metadata.schemaVersion), Schema.version)
    }
}
