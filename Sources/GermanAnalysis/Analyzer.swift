/// The German analysis pipeline, the same at index time and at query time:
/// normalise -> tokenize -> fold -> decompound -> stem, with stopwords.
public struct Analyzer: Sendable {
    public let stemmer: any Stemming
    public let stopwords: Stopwords
    public let decompounder: Decompounder
    private let cache: WordCache

    public init(stemmer: some Stemming, lexicon: Lexicon = .empty, stopwords: Stopwords = .german) {
        let decompounder = Decompounder(lexicon: lexicon, stopwords: stopwords)
        self.stemmer = stemmer
        self.stopwords = stopwords
        self.decompounder = decompounder
        cache = WordCache { exact in
            Self.analyzeWord(exact, stemmer: stemmer, decompounder: decompounder, stopwords: stopwords)
        }
    }

    public var lexicon: Lexicon { decompounder.lexicon }

    /// Tokens of a text, in order. Positions start at startPosition.
    public func analyze(_ text: String, startPosition: UInt32 = 1) -> [Token] {
        var text = text
        let cache = cache
        return text.withUTF8 { bytes in
            var tokens: [Token] = []
            tokens.reserveCapacity(bytes.count / 7)
            var position = startPosition
            Tokenizer.forEachWord(in: bytes) { range in
                let exact = Folding.fold(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
                let entry = cache.entry(for: exact)
                tokens.append(Token(range: range, position: position, exact: exact, stem: entry.stem,
                                    parts: entry.parts, isStopword: entry.isStopword))
                position &+= 1
            }
            return tokens
        }
    }

    /// The byte range of each word of a text: the k-th is the word at
    /// position startPosition + k in `analyze`, found without analysing it.
    public func wordRanges(_ text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { bytes in
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(bytes.count / 7)
            Tokenizer.forEachWord(in: bytes) { ranges.append($0) }
            return ranges
        }
    }

    /// Fold one word the way `exact` is folded (used for query terms, wildcards, field values).
    public func fold(_ word: String) -> String { Folding.fold(word) }

    /// Everything about a folded word that does not depend on where it stands.
    private static func analyzeWord(_ exact: String, stemmer: some Stemming, decompounder: Decompounder,
                                    stopwords: Stopwords) -> WordCache.Entry {
        let stem = stemmer.stem(exact)
        var parts: [String] = []
        for part in decompounder.decompose(exact) {
            let partStem = stemmer.stem(part)
            if partStem != stem && !parts.contains(partStem) { parts.append(partStem) }
        }
        return WordCache.Entry(stem: stem, parts: parts, isStopword: stopwords.contains(exact))
    }
}
