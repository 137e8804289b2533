import FundusCore

/// Typed JSON Lines (see README, "JSON Lines"): a `hit` record per hit, each
/// carrying its query; an `end` record closing every query's answer, with or
/// without hits, or with the error that stopped it, so a script that sends
/// one query knows when its answer is complete; with --stats a last
/// `summary` record.
public struct JSONLinesPrinter: Printer {
    let sink: OutputSink

    let explain: Bool

    public func print(_ result: SearchResult, number: Int) {
        var head = "{\"type\":\"hit\",\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),"
        if explain { head += "\"parsed\":\(JSONText.string(result.parsedQuery)),"}
        for hit in result.hits { sink.write(head + JSONText.hitFields(hit) + "}\n") }
        sink.write(JSONText.end(query: result.query, number: number, result: result, error: nil) + "\n")
    }

    public func printError(_ message: String, query: String, number: Int) {
        sink.write(JSONText.end(query: query, number: number, result: nil, error: message) + "\n")
    }

    /// `{"type":"id","qnum","query","id"}` records, then the `end` record.
    public func printIDs(_ result: SearchResult, number: Int) {
        let head = "{\"type\":\"id\",\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),\"id\":"
        for hit in result.hits { sink.write(head + JSONText.string(hit.id) + "}\n") }
        sink.write(JSONText.end(query: result.query, number: number, result: result, error: nil) + "\n")
    }

    public func printCount(_ count: Int?, query: String, number: Int) {
        sink.write("{\"type\":\"count\"," + JSONText.countFields(count, query: query, number: number) + "}\n")
    }

    public func finish(_ summary: BatchSummary?) {
        if let summary { sink.write("{\"type\":\"summary\",\"summary\":\(JSONText.summaryObject(summary))}\n") }
        sink.flush()
    }
}

/// One JSON document for the whole run. A single query without --stats: the
/// query's object, {"qnum","query","estimated","suggestion","readings","hits":[…]}. A
/// batch (--queries) or --stats: {"queries":[…],"summary":{…}}, each query's
/// object written on a line of its own as soon as it is answered.
public final class JSONPrinter: Printer {
    let sink: OutputSink
    let wrapped: Bool
    private var elements = 0

    init(sink: OutputSink, wrapped: Bool) {
        self.sink = sink
        self.wrapped = wrapped
    }

    public func print(_ result: SearchResult, number: Int) {
        let hits = result.hits.map { "{" + JSONText.hitFields($0) + "}" }.joined(separator: ",")
        element("{\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),\"estimated\":\(result.estimatedMatches),"
            + "\"suggestion\":\(JSONText.optional(result.suggestion)),\"readings\":\(JSONText.readings(result.readings)),"
            + JSONText.missingShards(result) + "\"hits\":[\(hits)]}")
    }

    public func printError(_ message: String, query: String, number: Int) {
        element(JSONText.error(message, query: query, number: number))
    }

    /// The query's object with `"ids":[…]` in place of the hits.
    public func printIDs(_ result: SearchResult, number: Int) {
        let ids = result.hits.map { JSONText.string($0.id) }.joined(separator: ",")
        element("{\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),\"ids\":[\(ids)]}")
    }

    public func printCount(_ count: Int?, query: String, number: Int) {
        element("{" + JSONText.countFields(count, query: query, number: number) + "}")
    }

    /// Lines `{"queries":[`, `{…}`, `,{…}`, …, `],"summary":{…}}`: each
    /// query's object is complete on its line as soon as it is answered.
    private func element(_ object: String) {
        if wrapped && elements == 0 { sink.write("{\"queries\":[\n") }
        sink.write((wrapped && elements > 0 ? "," : "") + object + "\n")
        elements += 1
    }

    public func finish(_ summary: BatchSummary?) {
        if wrapped {
            if elements == 0 { sink.write("{\"queries\":[\n") }
            sink.write("]" + (summary.map { ",\"summary\":" + JSONText.summaryObject($0) } ?? "") + "}\n")
        }
        sink.flush()
    }
}
