/// The levers of Fundus's ranking, in one place. The defaults were tuned on
/// the development relevance sets (see BENCHMARKS.md); `FUNDUS_RANKING`
/// overrides them for experiments, e.g. `FUNDUS_RANKING="k1=1.0,b=0.6"`.
public struct Ranking: Sendable, Equatable {
    /// BM25 term-frequency saturation and length normalisation.
    public var k1 = 1.2
    public var b = 0.75
    /// Weight of the exact (folded) spelling, on top of the stem.
    public var exact = 0.5
    /// Weight of a match as a compound part ("Rakete" in "Kurzstreckenraketen").
    public var part = 0.6
    /// Weight of a compound query word's parts found near each other.
    public var compoundParts = 0.5
    /// Extra weight when a word occurs in the title.
    public var title = 0.5
    /// Extra weight when all words of the query occur near each other.
    public var proximity = 0.0
    public var proximityWindow = 8.0
    /// 1 = all words must match (falling back to any word when nothing
    /// does); 0 = any word, ranked by how many and how well.
    public var requireAll = 1.0
    /// Extra weight for documents with more matching passages, applied by
    /// re-ranking the best few dozen documents: w × (1 + documentBoost × ln(1 + more)).
    public var documentBoost = 0.1

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
            case "title": title = value
            case "proximity": proximity = value
            case "proximityWindow": proximityWindow = value
            case "requireAll": requireAll = value
            case "documentBoost": documentBoost = value
            default: throw FundusError(.usage, "FUNDUS_RANKING: unknown parameter '\(kv[0])'")
            }
        }
    }
}
