import FundusCore

/// Renders search results. One printer serves a whole batch of queries.
///
/// In a batch (`--queries`) every query's answer ends with something a
/// script can wait for, in every format, whether the query had hits, none,
/// or an error: a pipeline that sends one query and reads its answer must
/// never stall.
public protocol Printer {
    /// `number` is the query's 1-based position in the batch.
    func print(_ result: SearchResult, number: Int)
    /// A query that failed; scripts see it in their format, people on stderr.
    func printError(_ message: String, query: String, number: Int)
    /// `--ids`: the hits' document ids only, each saying its query where the
    /// format has room for it (TSV, JSON Lines, JSON).
    func printIDs(_ result: SearchResult, number: Int)
    /// `--count`: the number of matching documents, nil for a query that failed.
    func printCount(_ count: Int?, query: String, number: Int)
    /// Called once after the last query.
    func finish(_ summary: BatchSummary?)
}

/// Counts for `--stats`.
public struct BatchSummary: Sendable {
    public var queries = 0
    public var queriesWithHits = 0
    public var hits = 0
    public var errors = 0
    public var seconds = 0.0

    public init() {}
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, jsonl, json, tsv
}

extension OutputFormat {
    /// `batch`: the queries come from `--queries`; `stats`: `--stats` was asked for.
    public func makePrinter(sink: OutputSink, style: TextStyle, explain: Bool = false, batch: Bool = false,
                            stats: Bool = false) -> any Printer {
        switch self {
        case .text: return TextPrinter(sink: sink, style: style, explain: explain, batch: batch)
        case .jsonl: return JSONLinesPrinter(sink: sink, explain: explain)
        case .json: return JSONPrinter(sink: sink, wrapped: batch || stats)
        case .tsv: return TSVPrinter(sink: sink, batch: batch)
        }
    }
}
