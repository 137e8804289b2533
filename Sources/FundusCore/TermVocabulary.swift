import GermanAnalysis

/// How a word becomes index terms, written once: the indexer writes these
/// terms, the query builder asks for them, and the re-ranking and the
/// highlighting read them back, so none of them can disagree with another
/// about what a word is indexed as. (`Schema.Prefix` names the prefixes;
/// this says which word forms go under which.)
enum TermVocabulary {
    // MARK: Single terms

    /// A folded word as written.
    static func exact(_ folded: String) -> String { Schema.Prefix.exact + folded }
    /// A word's stem.
    static func stem(_ stem: String) -> String { Schema.Prefix.stem + stem }
    /// A compound part (by its stem), at the position of its compound.
    static func part(_ stem: String) -> String { Schema.Prefix.part + stem }
    /// A title word as written: the `title:` field, with positions.
    static func title(_ folded: String) -> String { Schema.Prefix.title + folded }
    /// A title word's stem or compound part: the `title:` field.
    static func titleStem(_ stem: String) -> String { Schema.Prefix.titleStem + stem }

    /// The bare stem of a stem term; nil for a term of another kind.
    static func stem(ofTerm term: String) -> String? {
        term.hasPrefix(Schema.Prefix.stem) && !term.hasPrefix(Schema.Prefix.titleStem)
            ? String(term.dropFirst(Schema.Prefix.stem.count)) : nil
    }

    // MARK: A word's forms, for queries

    /// Every term under which a passage holds the word itself: as written,
    /// by its stem, or as a part of a longer compound ("Rakete" in
    /// "Raketenstart").
    static func wholeWord(_ token: Token) -> [String] {
        [exact(token.exact), stem(token.stem), part(token.stem)]
    }

    /// The terms under which a compound's part is found: as a word of its
    /// own, or inside another compound.
    static func asPart(_ partStem: String) -> [String] { [stem(partStem), part(partStem)] }

    // MARK: Indexing

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

    /// Terms for a token of a document's title, which every passage of the
    /// document carries, and whether each one keeps the token's position.
    @inline(__always)
    static func forEachTitleTerm(of token: Token, _ body: (String, String, Bool) throws -> Void) rethrows {
        guard token.exact.utf8.count <= Schema.maxWordBytes else { return }
        // The title field: exact words with positions, for title phrases.
        try body(Schema.Prefix.title, token.exact, true)
        guard !token.isStopword else { return }
        // Titles are short: one field for whole words and compound parts, so
        // "title:Rakete" finds "Raketenstart".
        try body(Schema.Prefix.titleStem, token.stem, false)
        for part in token.parts { try body(Schema.Prefix.titleStem, part, false) }
        // And the stem in the text field, so that a query whose words are
        // split between title and passage still finds the passage. Positions
        // there would cost much and buy nothing: phrases never span the two.
        try body(Schema.Prefix.stem, token.stem, false)
    }
}
