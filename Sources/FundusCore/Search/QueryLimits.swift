import GermanAnalysis
import QueryLanguage

/// Bounds on the work one query may ask of Xapian, whatever its syntax.
///
/// Xapian's matcher slows down with the square of a query's subqueries, so
/// what is counted is what reaches Xapian: words after the analyzer has
/// split them (`a'b'c…` or `a-b-c…` is one word to the parser but a phrase
/// of many to Xapian), the terms wildcards stand for in all, the words of one
/// phrase (a joined word and a NEAR/ADJ group are phrases too), and, as a
/// last bound, the term queries built. Past a limit the query is refused
/// with one line (exit 2) rather than run for a minute.
public enum QueryLimits {
    /// Words after splitting; wildcards, filters and date ranges count one
    /// each. 500 plain words take 0.4 s on the 25,600-document corpus, 1,000
    /// about 1 s (and more on a busy machine).
    public static let words = 500
    /// Words of one phrase, joined word, or NEAR/ADJ group.
    public static let phraseWords = 64
    /// Index terms all the query's wildcards stand for together (one alone
    /// stands for at most `QueryBuilder.wildcardLimit`).
    public static let wildcardTerms = 1000
    /// Term queries of one built query, wildcard terms included.
    public static let terms = 20_000
    /// AND operands, `+` words and exclusion groups: each is a pass over the
    /// passages that match it (0.1 s for a word in most of the corpus's
    /// documents), since they hold for whole documents.
    public static let documentConditions = 8
}

/// Why a query was refused; `Searcher` turns it into a one-line `.badQuery`.
enum QueryLimitError: Error, Equatable {
    case words(Int)
    case phrase(Int)
    case wildcardTerms
    case terms
    case documentConditions

    var reason: String {
        switch self {
        case .words(let n): return "too long (\(n) words after splitting; at most \(QueryLimits.words))"
        case .phrase(let n):
            return "phrase too long (\(n) words; at most \(QueryLimits.phraseWords) in a phrase, joined word or NEAR group)"
        case .wildcardTerms:
            return "too many terms (the wildcards stand for more than \(QueryLimits.wildcardTerms) words; use longer prefixes)"
        case .terms: return "too many terms (more than \(QueryLimits.terms) after expansion)"
        case .documentConditions:
            return "too many AND, + and NOT conditions (at most \(QueryLimits.documentConditions))"
        }
    }
}

/// What a parsed query asks for before anything is built: its words as the
/// tokenizer cuts them, and its longest phrase. Cheap (no stemming, no index).
struct QuerySize {
    var words = 0
    var longestPhrase = 0

    init(_ node: QueryNode, analyzer: Analyzer) {
        add(node, analyzer)
    }

    /// Refuses a query over the word or phrase limits.
    func check() throws(QueryLimitError) {
        if words > QueryLimits.words { throw .words(words) }
        if longestPhrase > QueryLimits.phraseWords { throw .phrase(longestPhrase) }
    }

    private mutating func add(_ node: QueryNode, _ analyzer: Analyzer) {
        switch node {
        case .word(let w, _):
            let n = analyzer.wordRanges(w.text).count
            words += n
            if n > 1 { longestPhrase = max(longestPhrase, n) }  // built as a phrase of its pieces
        case .phrase(let ws, _):
            let n = ws.reduce(0) { $0 + analyzer.wordRanges($1.text).count }
            words += n
            longestPhrase = max(longestPhrase, n)
        case .wildcard, .filter, .dateRange:
            words += 1
        case .loose(let clauses):
            for clause in clauses { add(clause.node, analyzer) }
        case .and(let nodes), .or(let nodes), .xor(let nodes):
            for n in nodes { add(n, analyzer) }
        case .near(let nodes, _, _):
            let before = words
            for n in nodes { add(n, analyzer) }
            longestPhrase = max(longestPhrase, words - before)
        case .andNot(let left, let right):
            add(left, analyzer)
            add(right, analyzer)
        case .not(let inner):
            add(inner, analyzer)
        }
    }
}
