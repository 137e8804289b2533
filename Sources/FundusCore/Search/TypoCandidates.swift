import GermanAnalysis
import Xapian

/// Indexed words that a misspelt query word may have meant, best first: the
/// source of both typo-tolerant matching and the "Meinten Sie" line.
///
/// ```swift
/// let near = TypoCandidates(database: db, analyzer: analyzer)
/// try near.candidates(for: "Pasword").first?.word   // "passwort"
/// ```
///
/// Candidates come from the index's spelling data (lower-case words as the
/// texts spell them, with how many passages hold each): every word sharing
/// the query word's first two letters within the allowed edits, and the
/// words a typo in those two letters would have changed. They are ranked by
/// edits, frequency and whether the German lexicon knows the word, so that
/// `Pasword` reads as `Passwort` in a German index that also holds the
/// English `Password`.
struct TypoCandidates {
    struct Candidate: Sendable, Equatable {
        /// Lower case, as the texts spell it.
        var word: String
        var distance: Int
        var frequency: Int
        var inLexicon: Bool
        var score: Double
    }

    let database: Database
    /// For its lexicon and its folding.
    let analyzer: Analyzer

    /// Words shorter than this are never read as something else: at three
    /// letters one edit reaches too many words ("Kim" is not "Kaum").
    static let minimumLetters = 4
    /// From this length two edits are allowed; below it, one.
    static let twoEditLetters = 7
    /// A query word is at most this long in bytes (the spelling data holds no
    /// longer words, and the distance costs the product of the lengths).
    static let maximumBytes = 64
    /// Spelling words looked at per query word: a bound on the cost in a huge
    /// index, where a common first two letters ("ge", "ve") start many words.
    static let maximumScan = 40_000

    /// log2 of the frequency counts for a word; each edit costs this much (a
    /// word one edit further must be 2^8 times as frequent to win: nearness
    /// first, as Xapian's own suggestion has it), and being a German word
    /// almost as much, so that a German word one edit further wins when it is
    /// at least twice as common ("Pasword": Passwort over Password). Tuned
    /// on Tools/typo-set's sets with Tools/eval-suggestions (BENCHMARKS.md).
    static let editCost = 8.0
    static let lexiconBonus = 7.0

    /// Candidates for one word, best first; empty for a word too short, too
    /// long or not made of letters.
    func candidates(for word: String) throws(XapianError) -> [Candidate] {
        let lower = word.lowercased()
        let letters = lower.count
        guard letters >= Self.minimumLetters, lower.utf8.count <= Self.maximumBytes, lower.allSatisfy(\.isLetter)
        else { return [] }
        let maxDistance = letters >= Self.twoEditLetters ? 2 : 1
        let near = try database.spellingWords(near: lower, maxDistance: maxDistance, maxScan: Self.maximumScan)
        var seen = Set<String>()
        var ranked: [Candidate] = []
        for n in near where seen.insert(n.word).inserted {
            let known = isGerman(analyzer.fold(n.word))
            let score = Self.log2(Double(n.frequency) + 1) - Self.editCost * Double(n.distance)
                + (known ? Self.lexiconBonus : 0)
            ranked.append(Candidate(word: n.word, distance: n.distance, frequency: n.frequency, inLexicon: known,
                                    score: score))
        }
        // Ties go to the word that sorts first, so the order never depends on the index's.
        return ranked.sorted { ($0.score, $1.word) > ($1.score, $0.word) }
    }

    /// Whether the lexicon knows the word, or the word without an
    /// inflection ending ("Beispiele" as "Beispiel"): the lexicon holds
    /// mostly base forms, and an inflected German word must not lose to an
    /// English one for that.
    private func isGerman(_ folded: String) -> Bool {
        let lexicon = analyzer.lexicon
        if lexicon.contains(folded) { return true }
        for ending in Self.endings where folded.count > ending.count + 3 && folded.hasSuffix(ending) {
            if lexicon.contains(String(folded.dropLast(ending.count))) { return true }
        }
        return false
    }

    private static let endings = ["e", "n", "s", "en", "es", "er", "em", "ern", "ens"]

    private static func log2(_ x: Double) -> Double {
        var n = 0.0, v = x
        // Integral part by halving, fractional part linearly: plenty for a
        // ranking, and no Foundation in the search path.
        while v >= 2 { v /= 2; n += 1 }
        return n + (v - 1)
    }
}
