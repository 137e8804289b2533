import XCTest

@testable import QueryLanguage

final class DateTests: XCTestCase {
    func testFullRange() {
        assertTree("date:2023-01-01..2023-12-31", .dateRange(from: "2023-01-01", to: "2023-12-31"))
    }

    func testOpenEnds() {
        assertTree("date:2023-01-01..", .dateRange(from: "2023-01-01", to: nil))
        assertTree("date:..2023-12-31", .dateRange(from: nil, to: "2023-12-31"))
    }

    func testYearShorthand() {
        assertTree("date:2023", .dateRange(from: "2023-01-01", to: "2023-12-31"))
    }

    func testMonthShorthand() {
        assertTree("date:2023-05", .dateRange(from: "2023-05-01", to: "2023-05-31"))
        assertTree("date:2024-02", .dateRange(from: "2024-02-01", to: "2024-02-29"))
        assertTree("date:2023-02", .dateRange(from: "2023-02-01", to: "2023-02-28"))
        assertTree("date:1900-02", .dateRange(from: "1900-02-01", to: "1900-02-28"))
        assertTree("date:2000-02", .dateRange(from: "2000-02-01", to: "2000-02-29"))
    }

    func testShorthandBoundsExpand() {
        assertTree("date:2020..2022-06", .dateRange(from: "2020-01-01", to: "2022-06-30"))
        assertTree("date:2023-04..", .dateRange(from: "2023-04-01", to: nil))
        assertTree("date:..2023", .dateRange(from: nil, to: "2023-12-31"))
    }

    func testSingleDigitMonthAndDayAreNormalised() {
        assertTree("date:2023-5-7", .dateRange(from: "2023-05-07", to: "2023-05-07"))
    }

    func testQuotedDate() {
        assertTree("date:\"2023-01-01..2023-03-31\"", .dateRange(from: "2023-01-01", to: "2023-03-31"))
    }

    func testDateWithWordsAndModifiers() {
        assertTree(
            "Rakete -date:2023",
            .loose([clause(w("Rakete", 0)), clause(.dateRange(from: "2023-01-01", to: "2023-12-31"), .excluded)]))
    }

    func testBadMonth() {
        assertError("date:2023-13-01", "invalid date '2023-13-01': month must be 1-12", column: 6)
        assertError("date:2023-00", "invalid date '2023-00': month must be 1-12", column: 6)
    }

    func testBadDay() {
        assertError("date:2023-02-29", "invalid date '2023-02-29': day must be 1-28", column: 6)
        assertError("date:2023-04-31", "invalid date '2023-04-31': day must be 1-30", column: 6)
        assertError("date:2023-01-00", "invalid date '2023-01-00': day must be 1-31", column: 6)
    }

    func testBadFormat() {
        let expected = "expected YYYY, YYYY-MM or YYYY-MM-DD"
        assertError("date:gestern", "invalid date 'gestern': \(expected)", column: 6)
        assertError("date:23", "invalid date '23': \(expected)", column: 6)
        assertError("date:01.05.2023", "invalid date '01.05.2023': \(expected)", column: 6)
        assertError("date:2023-01-01-01", "invalid date '2023-01-01-01': \(expected)", column: 6)
        assertError("date:0000", "invalid date '0000': \(expected)", column: 6)
        assertError("date:2023-+1", "invalid date '2023-+1': \(expected)", column: 6)
    }

    func testBadQuotedDateIsPointedAt() {
        assertError("date:\" 2023-13\"", "invalid date '2023-13': month must be 1-12", column: 8)
    }

    func testBadUpperBoundIsPointedAt() {
        assertError("date:2023-01-01..2023-02-30", "invalid date '2023-02-30': day must be 1-28", column: 18)
    }

    func testReversedRange() {
        assertError(
            "date:2023-12-31..2023-01-01",
            "invalid date range '2023-12-31..2023-01-01': it ends before it starts", column: 6)
    }

    func testRangeWithoutDates() {
        assertError("date:..", "date range '..' needs a date on at least one side", column: 6)
    }

    func testRangeWithTwoSeparators() {
        assertError(
            "date:2020..2021..2022", "invalid date range '2020..2021..2022': only one '..' is allowed", column: 6)
    }

    func testDateGroupIsAnError() {
        assertError(
            "date:(2023 OR 2024)",
            "'date:' takes one date or range, such as date:2023-01-01..2023-12-31, not a group", column: 6)
    }

    func testEmptyDate() {
        assertError("date: 2023", "missing value after 'date:'", column: 6)
    }
}
