import GermanAnalysis

/// Which index terms a token stands for, as (prefix, term) pairs. The indexer
/// writes exactly these; highlights come from the positions of the query's
/// terms among them, so a highlight can never disagree with what matched.
enum TermMapping {
    /// Terms for a token of the main text field, and whether each one keeps
    /// the token's position.
    @inline(__always)
    static func forEachBodyTerm(of token: Token, _ body: (String, String, Bool) throws -> Void) rethrows {
        // Xapian refuses terms over 245 bytes (a base64 blob, a URL run
        // together): such a word is left out rather than failing the ingest.
        guard token.exact.utf8.count <= Schema.maxWordBytes else { return }
        // Stopwords are kept only as exact terms, with positions: enough for
        // phrases, and their stems would only weigh down the index.
        guard !token.isStopword else { return try body(Schema.Prefix.exact, token.exact, true) }
        // A word's positions are stored once, on its stem. Phrases and NEAR
        // match on stems and check the exact words by their presence (see
        // QueryBuilder.phraseQuery), and highlights read the stem's
        // positions, so positions on the exact word too would only double
        // the position table, the largest part of the index.
        try body(Schema.Prefix.exact, token.exact, false)
        try body(Schema.Prefix.stem, token.stem, true)
        for part in token.parts { try body(Schema.Prefix.part, part, true) }
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
