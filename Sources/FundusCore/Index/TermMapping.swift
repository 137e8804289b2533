import GermanAnalysis

/// Which index terms a token stands for, as (prefix, term) pairs. The indexer
/// writes exactly these, and the highlighter asks the same question of every
/// token of a passage, so a highlight can never disagree with what matched.
enum TermMapping {
    /// Terms for a token of the main text field.
    @inline(__always)
    static func forEachBodyTerm(of token: Token, _ body: (String, String) throws -> Void) rethrows {
        // Xapian refuses terms over 245 bytes (a base64 blob, a URL run
        // together): such a word is left out rather than failing the ingest.
        guard token.exact.utf8.count <= Schema.maxWordBytes else { return }
        try body(Schema.Prefix.exact, token.exact)
        // Stopwords are kept only as exact terms: enough for phrases, and
        // their stems would only weigh down the index.
        guard !token.isStopword else { return }
        try body(Schema.Prefix.stem, token.stem)
        for part in token.parts { try body(Schema.Prefix.part, part) }
    }

    /// Terms for a token of the title field (the `title:` prefix).
    @inline(__always)
    static func forEachTitleTerm(of token: Token, _ body: (String, String) throws -> Void) rethrows {
        guard token.exact.utf8.count <= Schema.maxWordBytes else { return }
        try body(Schema.Prefix.title, token.exact)
        guard !token.isStopword else { return }
        try body(Schema.Prefix.titleStem, token.stem)
        // Titles are short: one field for whole words and compound parts, so
        // "title:Rakete" finds "Raketenstart".
        for part in token.parts { try body(Schema.Prefix.titleStem, part) }
    }
}
