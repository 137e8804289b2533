/// The levers of Fundus's ranking, in one place. The defaults were tuned on
/// the development relevance sets (see BENCHMARKS.md); `FUNDUS_RANKING`
/// overrides them for experiments, e.g. `FUNDUS_RANKING="k1=1.0,b=0.6"`.
public struct Ranking: Sendable, Equatable {
    // Matching: how each query word becomes Xapian terms (QueryBuilder).

    /// BM25 term-frequency saturation and length normalisation. `b` was 0.75
    /// while the match applied it to every passage; applied by the re-ranking
    /// (`lengthInRerank`), 0.3–0.5 ranked as well or better on every set.
    public var k1 = 1.2
    public var b = 0.5
    /// Weight of the exact (folded) spelling, on top of the stem.
    public var exact = 0.5
    /// Weight of a match as a compound part ("Rakete" in "Kurzstreckenraketen").
    public var part = 0.6
    /// Weight of a compound query word's parts found near each other.
    public var compoundParts = 0.5
    /// Weight of a compound query word's parts found anywhere in the passage
    /// ("Spaltenbreite" in "die Breite der Spalten … ").
    public var compoundSpread = 0.2
    /// Weight of a query verb's other forms ("gespeichert" for "speichern").
    public var verbForms = 0.5
    /// Weight of nouns made from a query verb ("Anpassung" for "anpassen").
    public var verbNouns = 0.3
    /// 1 = a compound query word's parts near each other count only in
    /// passages that do not hold the compound itself: they stand in for it
    /// ("die Breite der Spalten" for "Spaltenbreite") instead of adding to it,
    /// so a passage with "Steuerelement" is not weighed again for "Steuer" and
    /// "Element", and a compound no longer outweighs the other words of the
    /// query. 0 = they add to it. (The parts anywhere, `compoundSpread`, still add.)
    public var compoundPartsApart = 1.0
    /// Weight of a hyphenated query word's parts ("Writer-Tabellen") found
    /// anywhere in the passage, on top of the phrase and the parts near each other.
    public var hyphenSpread = 1.0
    /// Weight of each part of a hyphenated query word found alone: the
    /// fallback when no passage holds them all.
    public var hyphenAny = 0.1
    /// Extra weight when a word occurs in the title.
    public var title = 0.5
    /// Extra weight when all words of the query occur near each other.
    public var proximity = 0.0
    public var proximityWindow = 8.0
    /// 1 = all words must match in one passage (falling back to any word
    /// when too few do); 0 = any word, and the re-ranking below prefers the
    /// documents that hold them all. 0 ranked better on every development set.
    public var requireAll = 0.0

    // Re-ranking of the best few dozen documents (DocumentRerank): the
    // best passage's weight w becomes
    // w × (1 + documentBoost × ln(1 + more passages)) × (1 + titleCoverage × title share, smoothed)
    //   × (1 + documentCoverage × share of the query's words in the document, each word counted by its idf)
    //   × (1 + passageCoverage × that share in the best passage).

    public var documentBoost = 0.1
    /// 1 = the "more passages" behind `documentBoost` are the document's
    /// other passages that outweigh the weakest candidate, noted during the
    /// match on one index and counted by one more match over shards
    /// (`WholeDocuments.passageCounts`): the same on any layout.
    /// 0 = Xapian's collapse count, a lower bound that depends on the order
    /// in which the matcher meets documents. (Counting every matching
    /// passage instead ranked worse: lo-index R@10 0.804 → 0.793.)
    public var passageCountCutoff = 1.0
    /// Share of the title's words that the query matches, as
    /// matched / (title words + `titleSmoothing`): with 1, a one-word title
    /// the query matches counts 1/2, a two-word title 2/3, so a short title
    /// that a single query word covers no longer counts as fully covered.
    public var titleCoverage = 1.0
    public var titleSmoothing = 1.0
    /// How much a title compound counts in that share when the query matches
    /// only its parts, as the share of its parts matched: "Verzeichnisse
    /// Einträge" covers "Inhaltsverzeichniseinträge" in part. 0 = not at all.
    public var titleParts = 1.0
    /// Share of the query's words that the document holds in any passage.
    public var documentCoverage = 3.0
    /// 0 = every query word counts the same in that share; 1 = by its rarity (idf).
    public var coverageRarity = 1.0
    /// Share of the query's words that the best passage itself holds: the
    /// words standing together in one passage say more than words spread
    /// over the document.
    public var passageCoverage = 0.5
    /// How many documents the re-ranking looks at.
    public var rerankDepth = 40.0
    /// 1 = when re-ranking, the match runs BM25 without length normalisation
    /// and the re-ranking applies it (`b`) to its candidates alone. Xapian
    /// reads a passage's length for every passage it weighs, and walking the
    /// length list was a fifth of a search's instructions; 40 lengths per query
    /// cost next to nothing. The factor is exact for a term found once in the
    /// passage, the common case, and close otherwise. 0 = the match applies it.
    public var lengthInRerank = 1.0

    /// Whether a re-ranking search leaves the length normalisation to the
    /// re-ranking (there is one to leave: `b` > 0).
    var normalisesInRerank: Bool { lengthInRerank > 0 && b > 0 }

    /// The `b` the match itself runs with.
    func matchB(reranking: Bool) -> Double { reranking && normalisesInRerank ? 0 : b }

    /// BM25's length normalisation of a term found once, against none:
    /// (k1 + 1) / (k1 × (1 − b + b × max(length / average, 0.5)) + 1).
    func lengthFactor(length: UInt32, average: Double) -> Double {
        let normalized = max(average > 0 ? Double(length) / average : 1, Self.minNormalizedLength)
        return (k1 + 1) / (k1 * (1 - b + b * normalized) + 1)
    }

    /// Passages shorter than half the average are normalised as if half as long.
    static let minNormalizedLength = 0.5

    /// Whether a search re-ranks at all.
    var reranks: Bool { documentBoost > 0 || titleCoverage > 0 || documentCoverage > 0 || passageCoverage > 0 }

    public init() {}

    /// Applies "name=value" pairs separated by commas; unknown names are reported.
    public mutating func apply(_ spec: String) throws {
        for item in spec.split(separator: ",") {
            let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, let value = Double(kv[1]) else {
                throw FundusError(.usage, "FUNDUS_RANKING: expected name=number, got '\(item)'")
            }
            switch kv[0] {
            case "k1": k1 = value
            case "b": b = value
            case "exact": exact = value
            case "part": part = value
            case "compoundParts": compoundParts = value
            case "verbForms": verbForms = value
            case "compoundSpread": compoundSpread = value
            case "verbNouns": verbNouns = value
            case "titleCoverage": titleCoverage = value
            case "titleParts": titleParts = value
            case "titleSmoothing": titleSmoothing = value
            case "documentCoverage": documentCoverage = value
            case "rerankDepth": rerankDepth = value
            case "lengthInRerank": lengthInRerank = value
            case "coverageRarity": coverageRarity = value
            case "passageCoverage": passageCoverage = value
            case "title": title = value
            case "hyphenSpread": hyphenSpread = value
            case "hyphenAny": hyphenAny = value
            case "compoundPartsApart": compoundPartsApart = value
            case "proximity": proximity = value
            case "proximityWindow": proximityWindow = value
            case "requireAll": requireAll = value
            case "documentBoost": documentBoost = value
            case "passageCountCutoff": passageCountCutoff = value
            default: throw FundusError(.usage, "FUNDUS_RANKING: unknown parameter '\(kv[0])'")
            }
        }
    }
}
