// The field prefixes a query may use (`title:…`, `source:…`, …).

enum Field: String, CaseIterable, Sendable {
    /// Free text searched in the title only; its values are analysed words.
    case title
    /// Exact values: the builder compares them verbatim, so they are never
    /// split into words and may contain `/`, `-`, `.` and `_`. `from` is an
    /// e-mail sender's address, compared without regard to case.
    case source, id, from
    /// A date or date range, validated here so users get the error early.
    case date

    enum Kind {
        case text, exact, date
    }

    var kind: Kind {
        switch self {
        case .title: return .text
        case .source, .id, .from: return .exact
        case .date: return .date
        }
    }

    /// Case-insensitive: `Title:` at the start of a sentence should work.
    init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    /// For error messages: "title, source, id, from, date".
    static let knownNames = allCases.map(\.rawValue).joined(separator: ", ")
}
