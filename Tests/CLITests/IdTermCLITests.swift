import Foundation
import XCTest

/// Issue 15, point 6, as a user meets it: documents whose ids are long and
/// differ only at the end, and a crafted id spelled like another id's old
/// shortened term, are all kept, and each one is changed or removed alone.
final class IdTermCLITests: CLITestCase {
    /// Schema 2's term for a long id: its first 160 bytes, "#", FNV-1a 64.
    static func oldTerm(_ id: String) -> String {
        let utf8 = Array(id.utf8)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(hash, radix: 16)
        return String(decoding: utf8.prefix(160), as: UTF8.self) + "#" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    func records(_ docs: [(id: String, text: String)]) throws -> String {
        try docs.map { String(decoding: try JSONSerialization.data(withJSONObject: ["id": $0.id, "text": $0.text], options: [.sortedKeys]), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
    }

    func ids(_ query: String) throws -> Set<String> {
        let result = try search(["--format", "jsonl", "--limit", "100", query])
        return Set(result.jsonLines().compactMap { $0["id"] as? String })
    }

    func testCraftedIdDoesNotReplaceALongId() throws {
        let long = String(repeating: "quartalsbericht/", count: 18) + "ende.txt"
        let crafted = Self.oldTerm(long)
        XCTAssertEqual(crafted.utf8.count, 177)
        let input = try write("a.jsonl", try records([(long, "Die Buttermilch ist sauer."), (crafted, "Das Gipfelkreuz steht.")]))
        let first = try ingest([input, "--summary"])
        XCTAssertTrue(first.stderr.contains("2 added"), first.stderr)
        XCTAssertEqual(try ids("Buttermilch"), [long])
        XCTAssertEqual(try ids("Gipfelkreuz"), [crafted])
        XCTAssertEqual(try search(["--count", "--all-passages", "Buttermilch OR Gipfelkreuz"]).stdout, "2\n")
    }

    func testLongIdsDifferingOnlyAtTheEndChangeAndGoAlone() throws {
        let base = String(repeating: "sehr/tief/verschachtelt/", count: 10)
        let a = base + "teil-a", b = base + "teil-b", c = base + "teil-c"
        let input = try write("a.jsonl", try records([(a, "Buttermilch"), (b, "Gipfelkreuz"), (c, "Wanderweg")]))
        try ingest([input])
        XCTAssertEqual(try ids("Buttermilch OR Gipfelkreuz OR Wanderweg"), [a, b, c])
        // a changes, c goes (--prune): b stays as it was.
        try records([(a, "Molke"), (b, "Gipfelkreuz")]).write(toFile: input, atomically: true, encoding: .utf8)
        let second = try ingest([input, "--prune", "--summary"])
        XCTAssertTrue(second.stderr.contains("0 added, 1 changed, 1 removed, 1 unchanged"), second.stderr)
        XCTAssertEqual(try ids("Molke"), [a])
        XCTAssertEqual(try ids("Buttermilch"), [])
        XCTAssertEqual(try ids("Gipfelkreuz"), [b])
        XCTAssertEqual(try ids("Wanderweg"), [])
        XCTAssertEqual(try search(["--ids", "id:\(b)"]).stdout, b + "\n")
    }
}
