import FundusCore

/// One JSON object per hit, each carrying its query (see README, "JSON Lines").
/// Every line is a hit, an error record or the summary: a query without hits
/// prints nothing, so a script can count lines (suggestions are in --format json).
public struct JSONLinesPrinter: Printer {
    let sink: OutputSink

    let explain: Bool

    public func print(_ result: SearchResult, number: Int) {
        var head = "{\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),"
        if explain { head += "\"parsed\":\(JSONText.string(result.parsedQuery)),"}
        for hit in result.hits { sink.write(head + JSONText.hitFields(hit) + "}\n") }
    }

    public func printError(_ message: String, query: String, number: Int) {
        sink.write(JSONText.error(message, query: query, number: number) + "\n")
    }

    public func finish(_ summary: BatchSummary?) {
        if let summary { sink.write(JSONText.summary(summary) + "\n") }
        sink.flush()
    }
}

/// One JSON document per query: {"qnum","query","estimated","suggestion","hits":[…]}.
public struct JSONPrinter: Printer {
    let sink: OutputSink

    public func print(_ result: SearchResult, number: Int) {
        let hits = result.hits.map { "{" + JSONText.hitFields($0) + "}" }.joined(separator: ",")
        sink.write("{\"qnum\":\(number),\"query\":\(JSONText.string(result.query)),\"estimated\":\(result.estimatedMatches),"
            + "\"suggestion\":\(JSONText.optional(result.suggestion)),\"hits\":[\(hits)]}\n")
    }

    public func printError(_ message: String, query: String, number: Int) {
        sink.write(JSONText.error(message, query: query, number: number) + "\n")
    }

    public func finish(_ summary: BatchSummary?) {
        if let summary { sink.write(JSONText.summary(summary) + "\n") }
        sink.flush()
    }
}
