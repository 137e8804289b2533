// The parser's output. Words are kept exactly as typed (no folding, stemming
// or lowercasing): the query builder runs the German analyzer over them, so
// doing any of that here would make the two disagree.

/// A word as the user typed it, with where it sits in the query.
public struct QueryWord: Equatable, Sendable {
    public var text: String
    /// Character offsets into the query, so callers can point at the word
    /// (highlighting, error messages) without re-tokenising.
    public var range: Range<Int>

    public init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }
}

public indirect enum QueryNode: Equatable, Sendable {
    /// `field` nil means the default text; "title" means the title field.
    case word(QueryWord, field: String?)
    case phrase([QueryWord], field: String?)
    /// `text` is the prefix without the trailing `*`.
    case wildcard(QueryWord, field: String?)
    /// An exact `source:` or `id:` value, compared verbatim by the builder.
    case filter(field: String, value: String)
    /// "YYYY-MM-DD" bounds, both inclusive; nil means open.
    case dateRange(from: String?, to: String?)
    /// Clauses written side by side; the builder picks the default operator.
    case loose([Clause])
    case and([QueryNode])
    case or([QueryNode])
    case xor([QueryNode])
    /// Left side, minus anything matching the right side.
    case andNot(QueryNode, QueryNode)
    /// NEAR is `ordered: false`, ADJ is `ordered: true`.
    case near([QueryNode], window: Int, ordered: Bool)
    /// "Everything except": only produced for a NOT with nothing on its left.
    case not(QueryNode)
}

/// One member of a `.loose` group, with its `+` / `-` marker.
public struct Clause: Equatable, Sendable {
    public enum Modifier: Sendable {
        case none, required, excluded
    }

    public var modifier: Modifier
    public var node: QueryNode

    public init(modifier: Modifier, node: QueryNode) {
        self.modifier = modifier
        self.node = node
    }
}
