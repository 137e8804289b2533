import Foundation
import XCTest

@testable import FundusCore

/// Index/README.md documents the schema for people; this keeps it honest.
final class SchemaDocTests: XCTestCase {
    var readme: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            return try String(contentsOf: root.appendingPathComponent("Index/README.md"), encoding: .utf8)
        }
    }

    func testEveryPrefixIsDocumented() throws {
        let text = try readme
        let prefixes = [Schema.Prefix.stem, Schema.Prefix.part, Schema.Prefix.title, Schema.Prefix.titleStem,
                        Schema.Prefix.passage, Schema.Prefix.document, Schema.Prefix.source, Schema.Prefix.from]
        for prefix in prefixes {
            XCTAssertTrue(text.contains("| `\(prefix)` |"), "prefix \(prefix) missing from Index/README.md")
        }
        XCTAssertTrue(text.contains("| *(none)* |"))
    }

    func testSlotsAndMetadataAreDocumented() throws {
        let text = try readme
        XCTAssertTrue(text.contains("| \(Schema.Slot.document) | document id"))
        XCTAssertTrue(text.contains("| \(Schema.Slot.date) | date"))
        XCTAssertTrue(text.contains("| \(Schema.Slot.titleStems) | title stems"))
        XCTAssertTrue(text.contains("`\(Schema.Metadata.schemaVersion)`"))
        XCTAssertTrue(text.contains("`\(Schema.Metadata.lexiconHash)`"))
        XCTAssertTrue(text.contains("`\(Schema.Metadata.lexiconWordPrefix)` + word"))
        XCTAssertTrue(text.contains("schema version (`\(Schema.version)`)"))
    }

    func testLongIdsStayDistinctAndShort() {
        let a = String(repeating: "ä", count: 300) + "1", b = String(repeating: "ä", count: 300) + "2"
        XCTAssertNotEqual(Schema.documentTerm(a), Schema.documentTerm(b))
        XCTAssertLessThanOrEqual(Schema.passageTerm(a, passage: 99999).utf8.count, 245)
        XCTAssertEqual(Schema.documentTerm("news/1"), "Inews/1")
    }
}
