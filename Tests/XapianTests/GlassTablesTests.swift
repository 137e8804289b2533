import Foundation
import XCTest

@testable import Xapian

/// Reading a glass version file's table entry counts (issue 15): the counts
/// match what was written, a lost table is named, and a damaged or cut
/// version file is an error, never a crash or a wrong answer.
final class GlassTablesTests: TemporaryDirectoryTestCase {
    func buildDatabase() throws -> String {
        let p = path("db")
        let db = try WritableDatabase(path: p, options: [.noSync])
        for i in 0..<30 {
            let doc = try Document()
            var buffer = PostingBuffer()
            for (k, word) in ["fähre", "juist", "hafen", "nummer\(i)"].enumerated() { buffer.add(word, position: UInt32(k + 1)) }
            try doc.addPostings(buffer)
            try doc.setData("Fähre \(i)")
            try db.replaceDocument(uniqueTerm: "Qf\(i)", doc)
        }
        try db.close()
        return p
    }

    func testEntryCountsOfAFreshDatabase() throws {
        let p = try buildDatabase()
        let tables = try GlassTables.tables(inDatabase: p)
        XCTAssertEqual(tables.map(\.name), GlassTables.names)
        let entries = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0.entries) })
        XCTAssertEqual(entries["docdata"], 30)
        XCTAssertGreaterThan(entries["postlist"] ?? 0, 30)
        XCTAssertGreaterThan(entries["termlist"] ?? 0, 0)
        XCTAssertGreaterThan(entries["position"] ?? 0, 0)
        XCTAssertEqual(entries["synonym"], 0)
        XCTAssertEqual(tables.filter(\.isMissing), [])
        try FileManager.default.removeItem(atPath: p + "/position.glass")
        XCTAssertEqual(try GlassTables.tables(inDatabase: p).filter(\.isMissing).map(\.name), ["position"])
    }

    /// Every cut of the version file, and a byte changed at every offset:
    /// an error or an answer, never a crash.
    func testCutOrChangedVersionFileIsAnErrorNotACrash() throws {
        let p = try buildDatabase()
        let original = try Data(contentsOf: URL(fileURLWithPath: p + "/iamglass"))
        let file = URL(fileURLWithPath: p + "/iamglass")
        var errors = 0
        for length in 0..<original.count {
            try original.prefix(length).write(to: file)
            do { _ = try GlassTables.tables(inDatabase: p) } catch is XapianError { errors += 1 }
        }
        XCTAssertGreaterThan(errors, original.count / 2, "a cut version file should mostly be refused")
        for offset in 0..<original.count {
            var changed = original
            changed[offset] ^= 0xFF
            try changed.write(to: file)
            _ = try? GlassTables.tables(inDatabase: p)
        }
        try FileManager.default.removeItem(at: file)
        XCTAssertThrowsError(try GlassTables.tables(inDatabase: p))
    }
}
