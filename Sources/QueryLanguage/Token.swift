// What the lexer hands the parser. Tokens carry their offset and the text as
// typed so errors can quote the user's own spelling ("NEAR/5", "title:").

struct Token {
    enum Kind {
        case word(QueryWord)
        case wildcard(QueryWord)
        case phrase(Phrase)
        /// A known field prefix together with its value: the value's shape
        /// depends on the field, so the lexer reads both in one go.
        case field(Field, FieldValue)
        case openParen, closeParen
        case required, excluded
        case and, or, xor, not
        /// `window` nil means the operator was written without `/n`.
        case near(window: Int?, ordered: Bool)
        case end
    }

    var kind: Kind
    var offset: Int
    var text: String
}

struct Phrase {
    var words: [QueryWord]
    /// The text between the quotes, trimmed: exact fields (`source:"Die Zeit"`)
    /// need the value as typed, not split into words.
    var raw: String
    var rawOffset: Int
    /// Offset of the opening quote.
    var offset: Int
}

enum FieldValue {
    /// Text fields (`title:`) only: analysed later like any other word.
    case word(QueryWord)
    case wildcard(QueryWord)
    case phrase(Phrase)
    /// Exact and date fields: the value verbatim, and where it starts.
    case raw(String, offset: Int)
    /// `field:(`; the opening parenthesis has been consumed.
    case group
}

extension Token {
    /// Binary operators, which need something on both sides.
    var isBinaryOperator: Bool {
        switch kind {
        case .and, .or, .xor, .not, .near: return true
        default: return false
        }
    }

    var isModifier: Bool {
        switch kind {
        case .required, .excluded: return true
        default: return false
        }
    }

    /// Tokens after which the next thing starts a fresh (sub)query.
    var opensGroup: Bool {
        switch kind {
        case .openParen, .field(_, .group): return true
        default: return false
        }
    }
}
