/// One search result: a passage, why it ranked, and where its matches are.
/// Hits are data; printers decide how they look.
public struct Hit: Sendable, Equatable {
    /// 1-based, counting from the first hit of the result list (with --offset).
    public var rank: Int
    public var id: String
    public var title: String
    /// 1-based passage number within the document.
    public var passage: Int
    /// The ranking score: the passage's BM25 weight, times the re-ranking's
    /// factors when the list was re-ranked (`rerank`).
    public var score: Double
    /// The passage's best window around the matches, with "…" where cut.
    public var snippet: String
    /// Matched words in `snippet`, as UTF-8 byte offsets (printers convert to
    /// what their format needs).
    public var highlights: [Range<Int>]
    public var source: String?
    public var url: String?
    public var date: String?
    /// Where the passage is in its document: a PDF page, an e-book chapter;
    /// and an e-mail's sender. Absent for other documents.
    public var page: Int? = nil
    public var section: String? = nil
    public var from: String? = nil
    /// Further passages of the same document that also matched (collapsed
    /// away): when the list was re-ranked or comes from shards, those that
    /// outweigh the weakest candidate; otherwise Xapian's collapse count.
    public var morePassages: Int
    /// With `--explain`: the terms that matched this passage and their weights.
    public var explanation: [TermWeight] = []
    /// With `--explain`, when the list was re-ranked: how the score was made.
    public var rerank: RerankFactors?
}

/// score = passageWeight × passagesFactor × titleFactor × wordsFactor.
public struct RerankFactors: Sendable, Equatable {
    /// The passage's own BM25 weight.
    public var passageWeight: Double
    /// BM25's length normalisation, applied here when the match ran without
    /// it (`Ranking.lengthInRerank`), else 1.
    public var lengthFactor: Double
    /// 1 + documentBoost × ln(1 + further matching passages).
    public var passagesFactor: Double
    /// 1 + titleCoverage × share of the title's stems the query matched (a compound's by its parts).
    public var titleFactor: Double
    /// (1 + documentCoverage × share of the query's words in the whole document)
    /// × (1 + passageCoverage × their share in the best passage).
    public var wordsFactor: Double
}

public struct TermWeight: Sendable, Equatable {
    public var term: String
    public var weight: Double
}

/// The answer to one query.
public struct SearchResult: Sendable {
    public var query: String
    public var hits: [Hit]
    /// Xapian's estimate of all matches (passages, or documents when collapsed).
    public var estimatedMatches: Int
    /// A better-spelled query when this one found little.
    public var suggestion: String?
    /// The Xapian query that ran, for --explain.
    public var parsedQuery: String
    /// Words the index lacks that were also searched as the words near them.
    public var readings: [TypoReading] = []
    /// Shards that did not answer and were left out (`--allow-partial`).
    public var missingShards: [String] = []
}

/// A query word the index does not hold, and what it was also read as.
public struct TypoReading: Sendable, Equatable {
    /// As typed.
    public var word: String
    /// The readings searched, best first, each cased like the typed word.
    public var readAs: [String]
    /// Edits from the typed word to each reading.
    public var distances: [Int]

    /// At most this many readings per word.
    static let maximumReadings = 3

    /// A reading's weight against the word spelt right: one edit away 0.9,
    /// two 0.75, and each less likely reading a fifth less.
    static func weight(distance: Int, rank: Int) -> Double {
        (distance <= 1 ? 0.9 : 0.75) * (rank == 0 ? 1 : 0.8)
    }
}

extension SearchResult {
    /// Appends `other`'s hits that are not already listed, up to `limit`.
    mutating func append(_ other: SearchResult, limit: Int, distinctDocuments: Bool) {
        var seen = Set(hits.map { distinctDocuments ? $0.id : "\($0.passage)#\($0.id)" })
        for var hit in other.hits where hits.count < limit {
            guard seen.insert(distinctDocuments ? hit.id : "\(hit.passage)#\(hit.id)").inserted else { continue }
            hit.rank = hits.count + 1
            hits.append(hit)
        }
        estimatedMatches = max(estimatedMatches, other.estimatedMatches)
        parsedQuery += " / then: " + other.parsedQuery
    }
}
