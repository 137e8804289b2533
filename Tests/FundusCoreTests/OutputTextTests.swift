import Foundation
import TestSupport
import XCTest

@testable import FundusOutput

/// The printers' hand-written number and string encoders must write what the
/// Foundation code they replaced wrote (the printers' output is a contract).
final class OutputTextTests: XCTestCase {
    func testFixedDecimalsAreWhatPrintfWrites() {
        var random = SplitMix64(state: 2026)
        var values: [Double] = [0, -0.0, 1.125, 1.03125, 2.5, 0.00005, 0.00015, 9.99995, 99.5, -3.25, 1e14, 3e15, 1e300,
                                .nan, .infinity, -.infinity, 123_456.789_012]
        for _ in 0..<5_000 {
            let magnitude = Double(random.int(0...6))
            values.append(Double(random.next() % 1_000_000_000) / 1_000_000_000 * pow(10, magnitude))
            // Values on an exact tie at the last printed digit.
            values.append(Double(random.int(0...99_999)) / 10_000 + 0.000_05)
        }
        for value in values {
            for digits in 0...7 {
                XCTAssertEqual(DecimalText.fixed(value, digits: digits), String(format: "%.\(digits)f", value),
                               "\(value) with \(digits) digits")
            }
        }
    }

    func testStringsNeedingNoEscapeAreOnlyQuotedAndTheRestAreEscaped() throws {
        let plain = "Straße „Äpfel“ – … » 𝄞 \u{2027}\u{202A}"  // E2 80 xx, but not U+2028/U+2029
        XCTAssertEqual(JSONText.string(plain), "\"" + plain + "\"")
        let cases = ["a\u{2028}b", "a\u{2029}b", "\"", "\\", "\u{7F}", "\u{1}", "tab\there", "…\u{2028}…"]
        for s in cases {
            let json = JSONText.string(s)
            XCTAssertFalse(json.contains("\u{2028}") || json.contains("\u{2029}") || json.contains("\u{7F}"), json)
            let back = try JSONSerialization.jsonObject(with: Data("[\(json)]".utf8)) as? [String]
            XCTAssertEqual(back, [s], json)
        }
    }
}
