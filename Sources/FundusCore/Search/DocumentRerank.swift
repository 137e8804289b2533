import Foundation
import GermanAnalysis
import Xapian

/// Second stage of ranking: the best few dozen documents, each represented
/// by its best passage, are re-ordered by evidence about the whole document
/// that a passage's BM25 weight cannot see:
/// - how many of the query's words the document holds in any of its
///   passages (a help page says "Spalten" in one paragraph and "Breite" in
///   the next);
/// - how much of its title the query covers (a title "Eine Kopie speichern"
///   is fully covered by that query, "Eine Kopie eines PDF mit Anmerkungen
///   speichern" only half);
/// - how many passages matched (a little: long documents match often).
struct DocumentRerank {
    let database: Database
    let analyzer: Analyzer
    let ranking: Ranking
    let decoder: JSONDecoder
    let titleParts: StemParts
    /// Some shard is remote: walks of index lists become matches, which the
    /// servers run (see `heldByMatching`).
    var remote = false

    typealias Candidate = (offset: Int, element: Match)

    /// The best `limit` candidates in their new order, each with its final score and how it was made.
    func reorder(_ candidates: [Candidate], in mset: MatchSet, words: [QueryBuilder.WordEvidence], highlight: HighlightTerms,
                 limit: Int)
        throws(XapianError) -> [(candidate: Candidate, score: Double, factors: RerankFactors)]
    {
        var ids: [String] = []
        var titleShare: [Double] = []
        // The query's stems without their prefix, once: titles hold bare stems.
        let queryStems = Set(highlight.terms.compactMap(TermVocabulary.stem(ofTerm:)))
        for (i, _) in candidates {
            // The document id is the collapse key, which the match set holds:
            // no value lookup in the index for it.
            ids.append(try mset.collapseKey(at: i))
            titleShare.append(ranking.titleCoverage > 0 ? try titleCovered(try mset.document(at: i), queryStems) : 0)
        }
        let none = Array(repeating: 0.0, count: candidates.count)
        let byPassage = ranking.passageCoverage > 0 && words.count > 1
        let (wordShare, passageShare) = (ranking.documentCoverage > 0 || byPassage) && words.count > 1
            ? try wordsHeld(ids, best: byPassage ? candidates.map(\.element.documentID) : nil, in: mset,
                            candidates: candidates, words: words)
            : (none, none)
        let lengthFactor = try lengthFactors(candidates)
        var scored: [(Double, Candidate, RerankFactors)] = []
        for (n, candidate) in candidates.enumerated() {
            let m = candidate.element
            let factors = RerankFactors(
                passageWeight: m.weight, lengthFactor: lengthFactor[n],
                passagesFactor: 1 + ranking.documentBoost * log(1 + Double(m.collapseCount)),
                titleFactor: 1 + ranking.titleCoverage * titleShare[n],
                wordsFactor: (1 + ranking.documentCoverage * wordShare[n]) * (1 + ranking.passageCoverage * passageShare[n]))
            let score = m.weight * factors.lengthFactor * factors.passagesFactor * factors.titleFactor * factors.wordsFactor
            scored.append((score, candidate, factors))
        }
        // Equal scores (two copies of one help page) in the order of their
        // ids, not of Xapian's internal numbers, which differ between one
        // index and shards of it; "equal" to 8 decimals, for the sums over
        // shards differ in their last bits.
        let key = scored.map { ($0.0 * 1e8).rounded() }
        return scored.indices.sorted { a, b in key[a] != key[b] ? key[a] > key[b] : ids[a] < ids[b] }
        .prefix(limit).map { (candidate: scored[$0].1, score: scored[$0].0, factors: scored[$0].2) }
    }

    /// BM25's length normalisation for each candidate's passage, when the
    /// match ran without it (`Ranking.lengthInRerank`); 1 when it ran with it.
    private func lengthFactors(_ candidates: [Candidate]) throws(XapianError) -> [Double] {
        guard ranking.normalisesInRerank else { return candidates.map { _ in 1 } }
        let average = try database.averageLength
        return try database.documentLengths(candidates.map(\.element.documentID))
            .map { ranking.lengthFactor(length: $0, average: average) }
    }

    /// The share of the title's stems (stopwords aside) that the query matched,
    /// smoothed by `titleSmoothing` more unmatched words;
    /// a compound the query matched only in part counts by the share of its
    /// parts matched (× `titleParts`).
    private func titleCovered(_ document: Document, _ queryStems: Set<String>) throws(XapianError) -> Double {
        var value = try document.value(slot: Schema.Slot.titleStems)
        if value.isEmpty {
            // An index from before the slot existed: the title from the record.
            guard let record = PassageRecord.decode(stored: try document.data(), using: decoder) else { return 0 }
            value = Schema.Slot.titleStemsValue(analyzer.analyze(record.title))
        }
        // Byte by byte: this runs for every candidate of every query, and
        // splitting the value into Swift substrings cost a tenth of a batch.
        let matchedStem = { (bytes: Slice<UnsafeBufferPointer<UInt8>>) in
            queryStems.contains(String(decoding: bytes, as: UTF8.self))
        }
        return value.withUTF8 { utf8 in
            // Parts are stored since schema version 2; before, only the stems.
            let partsStored = utf8.first == Schema.Slot.partByte
            var (entries, matched) = (0, 0.0)
            for entry in utf8.split(separator: UInt8(ascii: " ")) {
                var pieces = partsStored ? entry.split(separator: Schema.Slot.partByte) : [entry]
                guard !pieces.isEmpty else { continue }
                entries += 1
                let stem = pieces.removeFirst()
                if matchedStem(stem) {
                    matched += 1
                } else if ranking.titleParts > 0 {
                    let held: Int, count: Int
                    if partsStored {
                        (held, count) = (pieces.count(where: matchedStem), pieces.count)
                    } else {
                        let parts = titleParts.parts(of: String(decoding: stem, as: UTF8.self), analyzer)
                        (held, count) = (parts.count { queryStems.contains($0) }, parts.count)
                    }
                    if count > 0 { matched += ranking.titleParts * Double(held) / Double(count) }
                }
            }
            return entries == 0 ? 0 : matched / (Double(entries) + ranking.titleSmoothing)
        }
    }

    /// For each candidate document `ids[n]`, the share of the query's words
    /// found in any of its passages, and (with `best`, the candidates' best
    /// passages) the share found in that one passage. Plain words are looked
    /// up in one pass over their terms' postings (`documentsHolding`), both
    /// shares at once; phrases and the like run their own query, restricted to
    /// the candidates. With `coverageRarity` 1 each word counts by its rarity
    /// (idf): holding "Deich" says more than "Wasser".
    private func wordsHeld(_ ids: [String], best: [UInt32]?, in mset: MatchSet, candidates: [Candidate],
                           words: [QueryBuilder.WordEvidence]) throws(XapianError) -> (documents: [Double], passages: [Double])
    {
        let weights = try rarities(words)
        var held = Array(repeating: 0.0, count: ids.count), heldBest = held
        let simple = words.indices.filter { words[$0].groups != nil }
        let documentTerms = ids.map(Schema.documentTerm)
        let groups = simple.map { words[$0].groups ?? [] }
        let found = remote ? try heldByMatching(ids, documentTerms, best: best, words: groups)
            : try database.documentsHolding(documentTerms, bestPassages: best, words: groups)
        for (d, row) in found.documents.enumerated() {
            for (k, w) in simple.enumerated() where row[k] { held[d] += weights[w] }
        }
        for (d, row) in found.passages.enumerated() {
            for (k, w) in simple.enumerated() where row[k] { heldBest[d] += weights[w] }
        }
        if simple.count < words.count {
            try addOtherWords(words, weights, filter: documentTerms, ids: ids, into: &held)
            if best != nil {
                // Only here is a best passage named by its term, from its record.
                let passageTerms = try candidates.map { candidate throws(XapianError) in
                    let record = PassageRecord.decode(stored: try mset.document(at: candidate.offset).data(), using: decoder)
                    return Schema.passageTerm(record?.id ?? "", passage: record?.passage ?? 0)
                }
                try addOtherWords(words, weights, filter: passageTerms, ids: ids, into: &heldBest)
            }
        }
        let total = weights.reduce(0, +)
        let share = { (held: [Double]) in held.map { total > 0 ? $0 / total : 0 } }
        return (share(held), share(heldBest))  // heldBest stays 0 without best passages
    }

    /// `Database.documentsHolding` for a search with remote shards. Walking
    /// a posting list of a remote shard costs a round trip per term (each
    /// candidate's document term among them), so each word becomes a query
    /// instead: its groups ORed, each group the AND of its slots, each slot
    /// the OR of its terms, which a passage matches exactly when it holds the
    /// word. Filtered to the candidates and collapsing nothing, the match
    /// lists every passage of theirs that holds the word, run by the servers:
    /// one exchange per shard and word.
    private func heldByMatching(_ ids: [String], _ documentTerms: [String], best: [UInt32]?, words: [[[[String]]]])
        throws(XapianError) -> (documents: [[Bool]], passages: [[Bool]])
    {
        var documents = Array(repeating: Array(repeating: false, count: words.count), count: documentTerms.count)
        var passages = best == nil ? [] : documents
        var index: [String: Int] = [:]
        for (d, id) in ids.enumerated() { index[id] = d }  // the collapse key is the id
        let filter = try Query.combine(.or, documentTerms.map { term throws(XapianError) in try Query(term: term) })
        let all = try database.documentCount
        for (w, groups) in words.enumerated() {
            let word = try Query.combine(.or, groups.map { group throws(XapianError) in
                try Query.combine(.and, group.map { slot throws(XapianError) in
                    try Query.combine(.or, slot.map { term throws(XapianError) in try Query(term: term) })
                })
            })
            let enquire = try Enquire(database: database)
            try enquire.setQuery(try Query.combine(.filter, [word, filter]))
            try enquire.setCollapseKey(slot: Schema.Slot.document, max: UInt32.max)
            let matches = try enquire.matches(first: 0, count: all)
            for (i, match) in matches.matches.enumerated() {
                guard let d = index[try matches.collapseKey(at: i)] else { continue }
                documents[d][w] = true
                if let best, best[d] == match.documentID { passages[d][w] = true }
            }
        }
        return (documents, passages)
    }

    /// Words that are not plain (phrases, NEAR, wildcards): one query each,
    /// filtered to the candidates' terms, adds the word's weight to the
    /// candidate each hit belongs to.
    private func addOtherWords(_ words: [QueryBuilder.WordEvidence], _ weights: [Double], filter terms: [String],
                               ids: [String], into held: inout [Double]) throws(XapianError)
    {
        var index: [String: Int] = [:]
        for (n, id) in ids.enumerated() { index[id] = n }
        let filter = try Query.combine(.or, terms.map { term throws(XapianError) in try Query(term: term) })
        for w in words.indices where words[w].groups == nil {
            let enquire = try Enquire(database: database)
            try enquire.setQuery(try Query.combine(.filter, [words[w].query, filter]))
            try enquire.setCollapseKey(slot: Schema.Slot.document)
            let matches = try enquire.matches(first: 0, count: UInt32(ids.count))
            for i in matches.matches.indices {
                if let n = index[try matches.collapseKey(at: i)] { held[n] += weights[w] }
            }
        }
    }

    private func rarities(_ words: [QueryBuilder.WordEvidence]) throws(XapianError) -> [Double] {
        guard ranking.coverageRarity > 0 else { return words.map { _ in 1 } }
        let n = Double(try database.documentCount)
        var idf: [Double?] = []
        for word in words {
            guard let stem = word.stem else { idf.append(nil); continue }
            let df = Double(try database.termFrequency(stem))
            idf.append(log(1 + n / max(df, 1)))
        }
        let known = idf.compactMap { $0 }
        let fallback = known.isEmpty ? 1 : known.reduce(0, +) / Double(known.count)
        return idf.map { 1 + ranking.coverageRarity * (($0 ?? fallback) - 1) }
    }
}

/// The compound parts of title stems in an index that does not store them
/// (before schema version 2), remembered for the searcher's life: splitting
/// a stem asks the index's lexicon about every piece it tries.
final class StemParts {
    private var known: [String: [String]] = [:]

    func parts(of stem: String, _ analyzer: Analyzer) -> [String] {
        if let parts = known[stem] { return parts }
        let parts = analyzer.analyze(stem).first?.parts ?? []
        if known.count >= 100_000 { known.removeAll(keepingCapacity: true) }  // bounded, however long the batch
        known[stem] = parts
        return parts
    }
}
