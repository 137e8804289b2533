import XCTest

@testable import GermanAnalysis

/// The folding tables are written out in the source (FoldingTable.swift);
/// each entry must be what Unicode's decompositions give.
final class FoldingTableTests: XCTestCase {
    func testWrittenOutTablesMatchUnicodeDecompositions() {
        for (table, range) in [(Folding.latin, UInt32(0xC0)...0x24F), (Folding.latinAdditional, 0x1E00...0x1EFF)] {
            let derived = Folding.derivedTable(range)
            XCTAssertEqual(table.count, derived.count)
            for (k, (written, expected)) in zip(table, derived).enumerated() {
                XCTAssertEqual(written, expected, "U+" + String(range.lowerBound + UInt32(k), radix: 16, uppercase: true))
            }
        }
    }
}
