import GermanAnalysis

/// The query's positive terms, in the index's own term space, so that the
/// highlighter can ask of each passage word: did this word match?
public struct HighlightTerms: Sendable {
    var terms: Set<String> = []
    /// Folded prefixes of wildcards (`Rakete*`): any token whose exact form starts with one matches.
    var prefixes: [String] = []
    /// Phrases as sequences of exact forms: their words are highlighted only
    /// where the whole phrase stands.
    var phrases: [[String]] = []

    /// The byte ranges of the words to highlight in a passage.
    ///
    /// The index already knows which words matched: `marked[k]` says whether
    /// the k-th word (`words[k]`, position k + 1) holds one of `terms`. This
    /// asks the passage's own postings (see `Database.positions(holding:…)`),
    /// so a highlight never disagrees with what matched, and no word is
    /// stemmed or split again. Only wildcards and phrases look at the words,
    /// and they need nothing but each word's folded form.
    func spans(in text: String, words: [Range<Int>], marked: [Bool], analyzer: Analyzer) -> [Range<Int>] {
        var marked = marked + Array(repeating: false, count: max(0, words.count - marked.count))
        if !prefixes.isEmpty || !phrases.isEmpty {
            let bytes = Array(text.utf8)
            let exact = words.map { analyzer.fold(String(decoding: bytes[$0], as: UTF8.self)) }
            for k in exact.indices where !marked[k] && prefixes.contains(where: { exact[k].hasPrefix($0) }) { marked[k] = true }
            for phrase in phrases where !phrase.isEmpty && phrase.count <= exact.count {
                for start in 0...(exact.count - phrase.count) where exact[start..<(start + phrase.count)].elementsEqual(phrase) {
                    for k in start..<(start + phrase.count) { marked[k] = true }
                }
            }
        }
        return words.indices.filter { marked[$0] }.map { words[$0] }
    }

    /// `marked` for `spans`, found by analysing the passage as the indexer
    /// did (`TermVocabulary`: the terms each word's position holds) rather than
    /// by reading its postings: for a hit of a remote shard, where reading
    /// them costs a round trip per term. The same marks, as long as the
    /// analyzer has the index's lexicon (which `IndexReader` sees to).
    func markedByAnalysis(_ text: String, analyzer: Analyzer) -> [Bool] {
        analyzer.analyze(text).map { token in
            var held = false
            TermVocabulary.forEachBodyTerm(of: token) { prefix, term, positional in
                if positional && !held && terms.contains(prefix + term) { held = true }
            }
            return held
        }
    }

    var isEmpty: Bool { terms.isEmpty && prefixes.isEmpty && phrases.isEmpty }
}
