import Foundation
import TestSupport
import XCTest

@testable import FundusCore

/// The small parts of cron-safe ingest: fingerprints, stored states, the
/// stub format, line reading, the lock.
final class IngestPartsTests: XCTestCase {
    func testContentHashMatchesPublishedXXH64Values() {
        XCTAssertEqual(ContentHash.hex(Data()), "ef46db3751d8e999")
        XCTAssertEqual(ContentHash.hex(Data("a".utf8)), "d24ec4f1a98c6e5b")
        XCTAssertEqual(ContentHash.hex(Data("abc".utf8)), "44bc2cf5ad770999")
        // Long enough for the 32-byte stripes.
        let long = Data(String(repeating: "Die Brücke über die Mulde. ", count: 40).utf8)
        var changed = long
        changed[500] ^= 1
        XCTAssertNotEqual(ContentHash.hex(long), ContentHash.hex(changed))
        XCTAssertEqual(ContentHash.hex(long), ContentHash.hex(Data(long)))
    }

    func testDocumentStateRoundTripsAnyId() {
        let state = DocumentState(kind: .record, size: 42, modified: 0, hash: "00ff", input: "/data/news.jsonl",
                                  id: "id\u{0}mit\tallem/ä")
        XCTAssertEqual(DocumentState(encoded: state.encoded), state)
        XCTAssertNil(DocumentState(encoded: "2\u{0}f\u{0}1\u{0}2\u{0}h\u{0}i\u{0}x"), "unknown version")
        XCTAssertNil(DocumentState(encoded: ""))
    }

    func testStubNamesItsGenerationRelativeToItsFolder() {
        let text = IndexStore.stubText(name: "idx", generation: 12)
        XCTAssertEqual(text, "glass idx.generations/gen-12\n")
        XCTAssertEqual(IndexStore.generation(inStub: text, name: "idx"), 12)
        XCTAssertNil(IndexStore.generation(inStub: "glass /elsewhere/db\n", name: "idx"))
        XCTAssertNil(IndexStore.generation(inStub: "remote host:1234\n", name: "idx"))
    }

    func testLineReaderCountsBytesAndSkipsOverlongLines() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-lines-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let text = "eins\n" + String(repeating: "x", count: 300) + "\n\nzwei"
        try text.write(to: url, atomically: true, encoding: .utf8)
        var reader = LineReader(handle: try FileHandle(forReadingFrom: url), maxLineBytes: 100)
        var lines: [String] = []
        while let line = try reader.next() {
            switch line {
            case .text(let data): lines.append(String(decoding: data, as: UTF8.self))
            case .tooLong(let n): lines.append("<\(n)>")
            }
        }
        XCTAssertEqual(lines, ["eins", "<300>", "", "zwei"])
        XCTAssertEqual(reader.bytesRead, text.utf8.count)
    }

    /// A parallel build's workers skip each other's lines: skipping must
    /// count the same items as reading does, line for line, whatever mix of
    /// blank, over-long and unfinished lines, at every chunk boundary.
    func testSkippingALineCountsTheSameItemsAsReadingIt() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-skip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let long = String(repeating: "x", count: 300)
        let text = "eins\n \t\r\n\(long)\n" + String(repeating: " ", count: 300) + "\n\n" + String(repeating: "y", count: 3 << 19)
            + "\nzwei\n   \ndrei"
        try text.write(to: url, atomically: true, encoding: .utf8)
        var items: [Bool] = []
        var reader = LineReader(handle: try FileHandle(forReadingFrom: url), maxLineBytes: 100)
        while let line = try reader.next() {
            switch line {
            case .text(let data): items.append(!data.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
            case .tooLong: items.append(true)
            }
        }
        XCTAssertEqual(items, [true, false, true, true, false, true, true, false, true])
        // Mixes of reading and skipping give the same answers, and the same byte count.
        var random = SplitMix64(state: 5)
        for pattern in [0, 0b1_1111_1111, 0b1_0101_0101, 0b0_1010_1010] + (0..<8).map({ _ in random.int(0...511) }) {
            var mixed = LineReader(handle: try FileHandle(forReadingFrom: url), maxLineBytes: 100)
            for (k, expected) in items.enumerated() {
                if pattern & (1 << k) != 0 {
                    let skipped = try mixed.skip { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
                    XCTAssertEqual(skipped, expected, "line \(k + 1), pattern \(pattern)")
                } else {
                    XCTAssertNotNil(try mixed.next(), "line \(k + 1), pattern \(pattern)")
                }
            }
            XCTAssertNil(try mixed.skip { _ in true })
            XCTAssertEqual(mixed.bytesRead, text.utf8.count)
        }
    }

    func testJSONLinesReaderKeepsLineNumbersAcrossRawLines() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-jl-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try "{\"id\":\"a\",\"text\":\"x\"}\n\n{kaputt\n".write(to: url, atomically: true, encoding: .utf8)
        var reader = JSONLinesReader(handle: try FileHandle(forReadingFrom: url), name: "n.jsonl")
        let first = try XCTUnwrap(try reader.nextLine()).get()
        XCTAssertEqual(first.number, 1)
        XCTAssertEqual(try reader.decode(first).get().id, "a")
        let second = try XCTUnwrap(try reader.nextLine()).get()
        XCTAssertEqual(second.number, 3)
        XCTAssertEqual(reader.decode(second).failureDescription, "n.jsonl:3: malformed JSON")
        XCTAssertNil(try reader.nextLine())
    }

    func testSecondLockFailsNamingHolderAndStaleLockDoesNot() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("fundus-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: db + ".lock") }
        // A lock file left by a process that died: its pid means nothing.
        try "999999999\n".write(toFile: db + ".lock", atomically: false, encoding: .utf8)
        let held = try IndexLock(indexPath: db)
        XCTAssertEqual(try String(contentsOfFile: db + ".lock", encoding: .utf8), "\(getpid())\n")
        XCTAssertThrowsError(try IndexLock(indexPath: db)) { error in
            let e = error as? FundusError
            XCTAssertEqual(e?.code, .locked)
            XCTAssertTrue(e?.message.contains("process \(getpid())") == true, e?.message ?? "")
            XCTAssertTrue(e?.message.contains(db + ".lock") == true, e?.message ?? "")
            XCTAssertEqual(FundusExit.code(for: e!), 75)
        }
        held.release()
        XCTAssertNoThrow(try IndexLock(indexPath: db).release())
    }
}

extension Result where Failure == IngestProblem {
    var failureDescription: String? {
        if case .failure(let problem) = self { return problem.description }
        return nil
    }
}
