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
    public var snippetCharacters = 240
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
/// One Searcher serves many queries: open it once for a batch.
public final class Searcher {
    public let path: String
    private let database: Database
    private let analyzer: Analyzer

    public init(path: String) throws {
        self.path = path
        do {
            database = try Database(path: path)
            let stemmer = try Stemmer(language: Analysis.stemmerLanguage)
            analyzer = Analyzer(stemmer: stemmer, lexicon: try Self.lexicon(of: database))
        } catch {
            throw FundusError.database(error, path: path)
        }
    }

    /// The lexicon the index was built with, so a compound in a query is
    /// split the way the indexer split it.
    private static func lexicon(of db: Database) throws(XapianError) -> Lexicon {
        let text = try db.metadata(forKey: Schema.Metadata.lexicon)
        guard !text.isEmpty else { return .empty }
        return Lexicon(text: text)
    }

    public var passageCount: Int { get throws { try run { Int(try database.documentCount) } } }

    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws -> SearchResult {
        let node: QueryNode
        do {
            node = try QueryParser.parse(text)
        } catch {
            throw FundusError.query(error)
        }
        return try run {
            var builder = QueryBuilder(analyzer: analyzer, ranking: options.ranking)
            let requireAll = options.ranking.requireAll >= 0.5
            let strict = try builder.build(node, defaultOperator: requireAll ? .and : .or)
            var result = try execute(strict, text, builder.highlight, options)
            if requireAll && result.hits.count < options.limit && options.offset == 0 {
                // Few passages hold every word (long queries, questions): fill
                // the rest of the list with passages that hold some of them.
                let relaxed = try builder.build(node, defaultOperator: .or)
                if relaxed.description != strict.description {
                    let more = try execute(relaxed, text, builder.highlight, options)
                    result.append(more, limit: options.limit, distinctDocuments: !options.allPassages)
                }
            }
            return result
        }
    }

    private func execute(_ query: Query, _ text: String, _ highlight: HighlightTerms, _ options: SearchOptions) throws(XapianError)
        -> SearchResult
    {
        let enquire = try Enquire(database: database)
        try enquire.setQuery(query)
        try enquire.setBM25(k1: options.ranking.k1, k2: 0, k3: 1, b: options.ranking.b, minNormalizedLength: 0.5)
        if !options.allPassages { try enquire.setCollapseKey(slot: Schema.Slot.document) }
        if options.sort == .date { try enquire.sortByValue(slot: Schema.Slot.date, descending: true) }
        let mset = try enquire.matches(first: UInt32(max(options.offset, 0)), count: UInt32(max(options.limit, 0)))
        var hits: [Hit] = []
        let snippets = SnippetMaker(maxCharacters: options.snippetCharacters)
        for (i, match) in mset.matches.enumerated() {
            let data = try mset.document(at: i).data()
            guard let record = try? JSONDecoder().decode(PassageRecord.self, from: Data(data.utf8)) else { continue }
            let spans = analyzer.analyze(record.text).filter { highlight.matches($0) }.map(\.range)
            let (snippet, marks) = snippets.make(record.text, highlights: spans)
            hits.append(Hit(rank: options.offset + i + 1, id: record.id, title: record.title, passage: record.passage,
                            score: match.weight, snippet: snippet, highlights: marks, source: record.source,
                            url: record.url, date: record.date, morePassages: Int(match.collapseCount)))
        }
        return SearchResult(query: text, hits: hits, estimatedMatches: Int(mset.estimatedTotal), suggestion: nil,
                            parsedQuery: query.description)
    }

    /// Runs a read, reopening once if a writer moved the index underneath
    /// (Xapian's DatabaseModifiedError), and maps Xapian errors.
    private func run<T>(_ body: () throws -> T) throws -> T {
        do {
            do {
                return try body()
            } catch let error as XapianError where error.code == .databaseModified {
                try database.reopen()
                return try body()
            }
        } catch let error as XapianError {
            throw FundusError.database(error, path: path)
        }
    }
}
