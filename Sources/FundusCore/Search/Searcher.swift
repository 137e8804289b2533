import Foundation
import GermanAnalysis
import QueryLanguage
import Xapian

public struct SearchOptions: Sendable {
    public enum Sort: String, Sendable, CaseIterable { case relevance, date }

    public var limit = 10
    public var offset = 0
    /// Show every matching passage rather than the best one per document.
    public var allPassages = false
    public var sort = Sort.relevance
    /// 0 leaves snippets (and the work of finding highlights) out.
    public var snippetCharacters = 240
    /// Attach each hit's matching terms and their weights.
    public var explain = false
    /// Suggest a better spelling when a query finds fewer hits than this.
    public var suggestBelow = 1
    /// Search a word the index lacks as the indexed words near it too
    /// (`Kurzstreckenrakten` finds `Kurzstreckenraketen`); `=Wort` turns it
    /// off for one word.
    public var typos = true
    public var ranking = Ranking()

    public init() {}
}

/// Searches a Fundus index.
///
/// ```swift
/// let searcher = try Searcher(path: "Index/db")
/// let result = try searcher.search("Rakete Pjöngjang")
/// for hit in result.hits { print(hit.rank, hit.id, hit.snippet) }
/// ```
///
/// One Searcher serves many queries: open it once for a batch. Before each
/// query it moves to a generation published since the last (see
/// `IndexReader.refresh`).
public final class Searcher {
    /// The index, or the shards, as named in messages.
    public var path: String { reader.label }
    private let reader: IndexReader
    private var database: Database { reader.database }
    private var analyzer: Analyzer { reader.analyzer }
    private let decoder = JSONDecoder()
    private var titleParts = StemParts()
    /// How many words this searcher has asked the spelling data about (for tests).
    private(set) var spellingLookups = 0

    /// Typo candidates, remembered across the several builds of one query
    /// and the queries of a batch, until the reader moves to a new generation.
    private var nearWords: NearWordCache

    /// Opens the index at `path`: an old-layout database folder, or a stub
    /// naming a generation in its own `PATH.generations/` (anything else is
    /// refused, as is a database that lost a table), or a shard list.
    public convenience init(path: String) throws {
        try self.init(reader: IndexReader(source: try IndexSource.resolve([path])))
    }

    /// Searches what `reader` has open; the searcher is its only user.
    public init(reader: IndexReader) {
        self.reader = reader
        nearWords = NearWordCache(TypoCandidates(database: reader.database, analyzer: reader.analyzer))
    }

    /// Moves to new generations, if any, and starts afresh what depends on them.
    private func refresh() throws {
        if try reader.refresh() { startAfresh() }
    }

    private func startAfresh() {
        nearWords = NearWordCache(TypoCandidates(database: database, analyzer: analyzer))
        titleParts = StemParts()
    }

    /// What a remote shard says when the generation its connection read was
    /// replaced and deleted under it.
    private static let generationGone: Set<XapianError.Code> = [.databaseModified, .databaseOpening, .databaseNotFound,
                                                                .database, .databaseCorrupt, .documentNotFound]

    public var passageCount: Int { get throws { try run { Int(try database.documentCount) } } }

    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws -> SearchResult {
        try refresh()
        let node = try parse(text)
        return try run {
            var builder = makeBuilder(options)
            let requireAll = options.ranking.requireAll >= 0.5
            let strict = try build(&builder, node, requireAll ? .and : .or, text: text)
            var result = try execute(strict, text, builder.highlight, builder.words, options)
            if requireAll && result.hits.count < options.limit && options.offset == 0 {
                // Few passages hold every word (long queries, questions): fill
                // the rest of the list with passages that hold some of them.
                let relaxed = try build(&builder, node, .or, text: text)
                if relaxed.description != strict.description {
                    let more = try execute(relaxed, text, builder.highlight, builder.words, options)
                    result.append(more, limit: options.limit, distinctDocuments: !options.allPassages)
                }
            }
            // Only for a query that matched nothing at all: not for a page past
            // the last hit (--offset) or --limit 0, which show no hits either.
            result.readings = builder.readings
            if result.hits.count < options.suggestBelow,
               try !matchesAnything(requireAll ? try build(&builder, node, .or, text: text) : strict) {
                result.suggestion = try suggestion(for: node, text)
            }
            result.missingShards = reader.missing.map(\.shard)
            return result
        }
    }

    /// How many passages (or documents, unless `allPassages`) match, exactly.
    public func count(_ text: String, options: SearchOptions = SearchOptions()) throws -> Int {
        try refresh()
        let node = try parse(text)
        return try run {
            var builder = makeBuilder(options)
            let query = try build(&builder, node, options.ranking.requireAll >= 0.5 ? .and : .or, text: text)
            let enquire = try Enquire(database: database)
            try enquire.setQuery(query)
            if !options.allPassages { try enquire.setCollapseKey(slot: Schema.Slot.document) }
            let all = try database.documentCount
            // Checking every document makes the bounds meet: an exact count.
            return Int(try enquire.matches(first: 0, count: 0, checkAtLeast: all).lowerBound)
        }
    }

    private func makeBuilder(_ options: SearchOptions) -> QueryBuilder {
        var builder = QueryBuilder(analyzer: analyzer, ranking: options.ranking)
        let db = database
        builder.expandWildcard = { prefix in
            // Unprefixed (exact) terms only: every prefix is an upper-case letter.
            (try? db.terms(withPrefix: prefix, limit: 200))?.filter { $0.first.map { !("A"..."Z").contains($0) } ?? false } ?? []
        }
        builder.countPrefix = { prefix, limit in (try? db.terms(withPrefix: prefix, limit: limit))?.count ?? 0 }
        // Matching and the re-ranking's word shares both ask about each verb
        // form: one B-tree lookup per term and query is enough.
        let known = TermExistence()
        builder.termExists = { term in known.lookup(term) { ((try? db.termFrequency(term)) ?? 0) > 0 } }
        if options.typos {
            let near = nearWords
            builder.nearWords = { word in near.lookup(word) }
        }
        // Exclusions and AND hold for whole documents (QueryBuilder counts them:
        // each is a pass over the passages that match it).
        if reader.hasRemoteShard {
            // xapian-tcpsrv unserialises only Xapian's own posting sources.
            builder.wholeDocuments = { query in try WholeDocuments.byTerms(matching: query, in: db) }
        } else {
            builder.wholeDocuments = { query in try Query.sameValue(in: Schema.Slot.document, as: query, database: db) }
        }
        return builder
    }

    /// The limit on words, after splitting (see `QueryLimits`).
    public static let maxQueryWords = QueryLimits.words

    private func parse(_ text: String) throws -> QueryNode {
        let node: QueryNode
        do {
            node = try QueryParser.parse(text)
        } catch {
            throw FundusError.query(error)
        }
        do {
            try QuerySize(node, analyzer: analyzer).check()
        } catch {
            throw Self.refusal(text, error)
        }
        return node
    }

    /// Builds the Xapian query, or refuses one that would cost too much.
    private func build(_ builder: inout QueryBuilder, _ node: QueryNode, _ op: QueryBuilder.DefaultOperator,
                       text: String) throws -> Query {
        do {
            return try builder.build(node, defaultOperator: op)
        } catch let error as QueryLimitError {
            throw Self.refusal(text, error)
        }
    }

    /// `query "…": too long (…)`: one line, the query cut.
    static func refusal(_ text: String, _ error: QueryLimitError) -> FundusError {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return FundusError(.badQuery, FundusError.oneLine("query \"\(shown)\": \(error.reason)"))
    }

    private func execute(_ query: Query, _ text: String, _ highlight: HighlightTerms, _ words: [QueryBuilder.WordEvidence],
                         _ options: SearchOptions) throws(XapianError)
        -> SearchResult
    {
        let rerank = options.ranking.reranks && !options.allPassages && options.sort == .relevance
            && options.offset == 0
        let weighting = { (enquire: Enquire) throws(XapianError) in
            try enquire.setBM25(k1: options.ranking.k1, k2: 0, k3: 1, b: options.ranking.matchB(reranking: rerank),
                                minNormalizedLength: Ranking.minNormalizedLength)
        }
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        try weighting(enquire)
        if !options.allPassages { try enquire.setCollapseKey(slot: Schema.Slot.document) }
        if options.sort == .date { try enquire.sortByValue(slot: Schema.Slot.date, descending: true) }
        let countsPassages = !options.allPassages
            && (reader.countsPassagesItself || (rerank && options.ranking.passageCountCutoff > 0))
        if countsPassages && !reader.countsPassagesItself { try enquire.spyWeights() }
        let fetch = rerank ? max(options.limit, Int(options.ranking.rerankDepth)) : options.limit
        let mset = try enquire.matches(first: UInt32(max(options.offset, 0)), count: UInt32(max(fetch, 0)))
        // Every candidate's document is read (title stems, then the hits'
        // records): from a remote shard, ask for all of them at once.
        if reader.hasRemoteShard { try mset.fetchDocuments() }
        var order = mset.matches.enumerated().map { (candidate: $0, score: $0.element.weight, factors: RerankFactors?.none) }
        if countsPassages && !order.isEmpty {
            // A document's other passages that outweigh the weakest
            // candidate. Xapian's own collapse count also counts those that
            // outweighed a lower threshold earlier in the match, so it depends
            // on the order in which the matcher meets documents, which differs
            // between shards and one index of everything. Strictly above, with
            // a hair of slack: the matcher need not meet passages that only
            // tie the threshold, and shards may differ in the last bits.
            let above = (order.lazy.map(\.candidate.element.weight).min() ?? 0) * (1 + 1e-9)
            let ids = try order.map { item throws(XapianError) in try mset.collapseKey(at: item.candidate.offset) }
            var counts: [String: Int] = [:]
            if reader.countsPassagesItself {
                counts = try WholeDocuments.passageCounts(matching: query, ids: ids, above: above, in: database,
                                                          configure: weighting)
            } else {
                for id in try enquire.spiedValues(above: above, slot: Schema.Slot.document) { counts[id, default: 0] += 1 }
            }
            for (n, id) in ids.enumerated() {
                let own = order[n].candidate.element.weight > above ? 1 : 0
                order[n].candidate.element.collapseCount = UInt32(max((counts[id] ?? 0) - own, 0))
            }
        }
        if rerank {
            order = try DocumentRerank(database: database, analyzer: analyzer, ranking: options.ranking, decoder: decoder,
                                       titleParts: titleParts, remote: reader.hasRemoteShard)
                .reorder(order.map(\.candidate), in: mset, words: words, highlight: highlight, limit: options.limit)
                .map { (candidate: $0.candidate, score: $0.score, factors: $0.factors) }
        }
        var hits: [Hit] = []
        let snippets = SnippetMaker(maxCharacters: options.snippetCharacters)
        for (rank, (candidate, score, factors)) in order.enumerated() {
            let (i, match) = candidate
            let data = try mset.document(at: i).data()
            guard let record = PassageRecord.decode(stored: data, using: decoder) else { continue }
            var (snippet, marks) = ("", [Range<Int>]())
            if options.snippetCharacters > 0 {
                let words = analyzer.wordRanges(record.text)
                let marked = highlight.terms.isEmpty ? []
                    : reader.hasRemoteShard ? highlight.markedByAnalysis(record.text, analyzer: analyzer)
                    : try database.positions(holding: Array(highlight.terms), inDocument: match.documentID, count: words.count)
                (snippet, marks) = snippets.make(
                    record.text, highlights: highlight.spans(in: record.text, words: words, marked: marked, analyzer: analyzer))
            }
            var hit = Hit(rank: options.offset + rank + 1, id: record.id, title: record.title, passage: record.passage,
                          score: score, snippet: snippet, highlights: marks, source: record.source,
                          url: record.url, date: record.date, page: record.page, section: record.section,
                          from: record.from, morePassages: Int(match.collapseCount))
            if options.explain {
                hit.explanation = try explain(enquire, match, record, options, b: options.ranking.matchB(reranking: rerank))
                hit.rerank = factors
            }
            hits.append(hit)
        }
        return SearchResult(query: text, hits: hits, estimatedMatches: Int(mset.estimatedTotal), suggestion: nil,
                            parsedQuery: query.description)
    }

    /// Each matching term's own BM25 weight in this passage (before the
    /// query's scale factors), found by running the term alone on the passage.
    private func explain(_ enquire: Enquire, _ match: Match, _ record: PassageRecord, _ options: SearchOptions, b: Double)
        throws(XapianError) -> [TermWeight]
    {
        let passage = try Query(term: Schema.passageTerm(record.id, passage: record.passage))
        var parts: [TermWeight] = []
        for term in try enquire.matchingTerms(documentID: match.documentID) {
            let single = try Enquire(database: database)
            try single.setQuery(try Query.combine(.filter, [try Query(term: term), passage]))
            try single.setBM25(k1: options.ranking.k1, k2: 0, k3: 1, b: b, minNormalizedLength: Ranking.minNormalizedLength)
            let weight = try single.matches(first: 0, count: 1).matches.first?.weight ?? 0
            parts.append(TermWeight(term: term, weight: weight))
        }
        return parts.sorted { $0.weight > $1.weight }
    }

    private func matchesAnything(_ query: Query) throws(XapianError) -> Bool {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        return try enquire.matches(first: 0, count: 1).matches.isEmpty == false
    }

    /// The query with each misspelt word replaced by the index's suggestion,
    /// or nil when the spelling data has nothing better.
    private func suggestion(for node: QueryNode, _ text: String) throws(XapianError) -> String? {
        var replacements: [(Range<Int>, String)] = []
        var asked = 0
        for word in Self.plainWords(node) where word.text.utf8.count <= Self.maxSuggestedWordBytes {
            let lower = word.text.lowercased()
            // A word the index knows is not misspelt, however rare.
            // Nor is one whose stem it holds ("Rakete" where the texts say "Raketen").
            let stem = analyzer.analyze(word.text).first.map { TermVocabulary.stem($0.stem) }
            guard lower.count >= 3, try database.termFrequency(analyzer.fold(lower)) == 0,
                  try stem.map({ (s: String) throws(XapianError) in try database.termFrequency(s) }) ?? 0 == 0
            else { continue }
            guard asked < Self.maxSuggestedWords else { break }
            asked += 1
            spellingLookups += 1
            guard let better = nearWords.lookup(word.text).first?.word, better != lower else { continue }
            // Keep the writer's capital: "Raketnabwehr" -> "Raketenabwehr".
            replacements.append((word.range, QueryBuilder.cased(better, like: Array(word.text.utf8)[...])))
        }
        guard !replacements.isEmpty else { return nil }
        var characters = Array(text)
        for (range, better) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound })
        where range.upperBound <= characters.count {
            characters.replaceSubrange(range, with: Array(better))
        }
        return String(characters)
    }

    /// Xapian's spelling correction compares a word with each candidate by
    /// edit distance, in time that grows with the square of the word's
    /// length: a 10,000-word run joined by apostrophes took a minute and
    /// 1.1 GB. Longer words (never a typo of an indexed word) and words past
    /// the first few unknown ones are not looked up.
    static let maxSuggestedWordBytes = 64
    static let maxSuggestedWords = 20

    private static func plainWords(_ node: QueryNode) -> [QueryWord] {
        switch node {
        case .word(let w, _): return [w]
        case .phrase(let words, _): return words
        case .loose(let clauses): return clauses.filter { $0.modifier != .excluded }.flatMap { plainWords($0.node) }
        case .and(let nodes), .or(let nodes), .xor(let nodes), .near(let nodes, _, _): return nodes.flatMap(plainWords)
        case .andNot(let left, _): return plainWords(left)
        case .wildcard, .filter, .dateRange, .not: return []
        }
    }

    /// Runs a read, reopening once if a writer moved the index underneath
    /// (Xapian's DatabaseModifiedError), and maps Xapian errors. A remote
    /// shard that stops answering fails the query naming it, or with
    /// `allowPartial` is left out and the query runs again on the rest.
    private func run<T>(_ body: () throws -> T) throws -> T {
        do {
            do {
                return try body()
            } catch let error as XapianError where error.code == .databaseModified && !reader.hasRemoteShard {
                try database.reopen()
                return try body()
            } catch let error as XapianError where reader.hasRemoteShard && error.code != .network
                && Self.generationGone.contains(error.code)
            {
                // A server connection reads the generation it found when it
                // opened; after a rebuild it may be gone: connect again (the
                // server then follows the stub to the new one).
                try reader.reopenAll()
                startAfresh()
                return try body()
            } catch let error as XapianError where error.code == .network && reader.hasRemoteShard {
                guard reader.source.allowPartial else {
                    let shard = reader.unansweringShard() ?? reader.label
                    throw FundusError(.database, "shard \(shard) does not answer: \(FundusError.oneLine(error.message))")
                }
                guard try reader.dropUnanswering() else { throw error }
                startAfresh()
                return try body()
            }
        } catch let error as XapianError {
            throw FundusError.database(error, path: path)
        }
    }
}

/// Remembers, for one query, which terms the index holds.
private final class TermExistence {
    private var known: [String: Bool] = [:]

    func lookup(_ term: String, _ ask: () -> Bool) -> Bool {
        if let answer = known[term] { return answer }
        let answer = ask()
        known[term] = answer
        return answer
    }
}

/// Remembers each word's typo candidates for the life of a searcher.
private final class NearWordCache {
    private let source: TypoCandidates
    private var known: [String: [TypoCandidates.Candidate]] = [:]

    init(_ source: TypoCandidates) { self.source = source }

    func lookup(_ word: String) -> [TypoCandidates.Candidate] {
        if let answer = known[word] { return answer }
        let answer = (try? source.candidates(for: word)) ?? []
        // A batch of a million distinct misspellings must not keep them all.
        if known.count >= 10_000 { known.removeAll(keepingCapacity: true) }
        known[word] = answer
        return answer
    }
}
