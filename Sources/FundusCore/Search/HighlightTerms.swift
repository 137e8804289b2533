import GermanAnalysis

/// The query's positive terms, in the index's own term space, so that the
/// highlighter can ask of each passage token: did this token match?
public struct HighlightTerms: Sendable {
    var terms: Set<String> = []
    /// Folded prefixes of wildcards (`Rakete*`): any token whose exact form starts with one matches.
    var prefixes: [String] = []
    /// Phrases as sequences of exact forms: their words are highlighted only
    /// where the whole phrase stands.
    var phrases: [[String]] = []

    /// The byte ranges of the tokens to highlight.
    func spans(in tokens: [Token]) -> [Range<Int>] {
        var marked = tokens.map(matches)
        for phrase in phrases where !phrase.isEmpty && phrase.count <= tokens.count {
            for start in 0...(tokens.count - phrase.count) {
                var hit = true
                for (k, word) in phrase.enumerated() {
                    let t = tokens[start + k]
                    if t.exact != word || (k > 0 && t.position != tokens[start + k - 1].position + 1) {
                        hit = false
                        break
                    }
                }
                if hit { for k in 0..<phrase.count { marked[start + k] = true } }
            }
        }
        return zip(tokens, marked).filter(\.1).map(\.0.range)
    }

    func matches(_ token: Token) -> Bool {
        var hit = false
        TermMapping.forEachBodyTerm(of: token) { prefix, term in
            if !hit && terms.contains(prefix + term) { hit = true }
        }
        if hit { return true }
        return prefixes.contains { token.exact.hasPrefix($0) }
    }

    var isEmpty: Bool { terms.isEmpty && prefixes.isEmpty && phrases.isEmpty }
}
