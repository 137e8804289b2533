import XCTest

@testable import GermanAnalysis

/// The built-in stopword list is used as written, without folding it again.
final class StopwordListTests: XCTestCase {
    func testBuiltInListIsWrittenFolded() {
        let words = Stopwords.germanWords
        XCTAssertGreaterThan(words.count, 300)
        for word in words { XCTAssertEqual(Folding.fold(word), word) }
        XCTAssertTrue(Stopwords.german.contains("dass") && Stopwords.german.contains("ueber"))
    }
}
