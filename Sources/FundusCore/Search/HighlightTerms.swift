import GermanAnalysis

/// The query's positive terms, in the index's own term space, so that the
/// highlighter can ask of each passage token: did this token match?
public struct HighlightTerms: Sendable {
    var terms: Set<String> = []
    /// Folded prefixes of wildcards (`Rakete*`): any token whose exact form starts with one matches.
    var prefixes: [String] = []

    func matches(_ token: Token) -> Bool {
        var hit = false
        TermMapping.forEachBodyTerm(of: token) { prefix, term in
            if !hit && terms.contains(prefix + term) { hit = true }
        }
        if hit { return true }
        return prefixes.contains { token.exact.hasPrefix($0) }
    }

    var isEmpty: Bool { terms.isEmpty && prefixes.isEmpty }
}
