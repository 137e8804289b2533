// `date:` values: a single date (`2023`, `2023-05`, `2023-05-17`) or a range
// with `..` and optionally open ends. Normalised to inclusive "YYYY-MM-DD"
// bounds so the builder can compare them as plain strings.

enum DateRangeParser {
    /// `offset` is where `value` starts in the query, so errors can point at
    /// the bad bound rather than at the field name.
    static func parse(
        _ value: String, at offset: Int, query: String
    ) throws(QuerySyntaxError) -> QueryNode {
        let characters = Array(value)
        guard let dots = firstDoubleDot(in: characters, from: 0) else {
            // A lone date means all of its days: 2023 is 2023-01-01..2023-12-31.
            let date = try parseBound(characters, at: offset, query: query)
            return .dateRange(from: date.first, to: date.last)
        }
        if firstDoubleDot(in: characters, from: dots + 2) != nil {
            throw QuerySyntaxError(
                message: "invalid date range '\(value)': only one '..' is allowed",
                offset: offset, query: query)
        }
        let left = Array(characters[..<dots])
        let right = Array(characters[(dots + 2)...])
        if left.isEmpty && right.isEmpty {
            throw QuerySyntaxError(
                message: "date range '..' needs a date on at least one side",
                offset: offset, query: query)
        }
        let from = left.isEmpty ? nil : try parseBound(left, at: offset, query: query).first
        let to = right.isEmpty ? nil : try parseBound(right, at: offset + dots + 2, query: query).last
        if let from, let to, from > to {
            throw QuerySyntaxError(
                message: "invalid date range '\(value)': it ends before it starts",
                offset: offset, query: query)
        }
        return .dateRange(from: from, to: to)
    }

    private static func firstDoubleDot(in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "." && characters[index + 1] == "." { return index }
            index += 1
        }
        return nil
    }

    /// The first and last day a (possibly shortened) date stands for.
    private static func parseBound(
        _ characters: [Character], at offset: Int, query: String
    ) throws(QuerySyntaxError) -> (first: String, last: String) {
        let text = String(characters)
        func invalid(_ reason: String) -> QuerySyntaxError {
            QuerySyntaxError(message: "invalid date '\(text)': \(reason)", offset: offset, query: query)
        }
        let parts = characters.split(separator: "-", omittingEmptySubsequences: false)
        let expected = "expected YYYY, YYYY-MM or YYYY-MM-DD"
        guard parts.count <= 3 else { throw invalid(expected) }

        let yearPart = parts[0]
        guard yearPart.count == 4, let year = number(yearPart), year >= 1 else {
            throw invalid(expected)
        }
        guard parts.count >= 2 else {
            return (format(year, 1, 1), format(year, 12, 31))
        }

        // One or two digits, so `2023-5-7` works as well as `2023-05-07`.
        guard (1...2).contains(parts[1].count), let month = number(parts[1]) else {
            throw invalid(expected)
        }
        guard (1...12).contains(month) else { throw invalid("month must be 1-12") }
        let lastDay = daysIn(month: month, year: year)
        guard parts.count == 3 else {
            return (format(year, month, 1), format(year, month, lastDay))
        }

        guard (1...2).contains(parts[2].count), let day = number(parts[2]) else {
            throw invalid(expected)
        }
        guard (1...lastDay).contains(day) else { throw invalid("day must be 1-\(lastDay)") }
        let date = format(year, month, day)
        return (date, date)
    }

    /// ASCII digits only: `Int("٢٠٢٣")` would be nil anyway, but `+12` or
    /// `-1` would not, and those are not dates.
    private static func number(_ digits: ArraySlice<Character>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(String(digits))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
