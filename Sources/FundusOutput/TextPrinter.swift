import FundusCore

/// Output for people, in the manner of a good grep:
///
///     Index/samples/raketen.md  Nordkorea testet neue Raketen
///     passage 2 · score 8.41
///     … feuerte am Morgen zwei Kurzstreckenraketen ab …
///
/// with the location in magenta, the title bold, the line of numbers dim and
/// matches bold red on a terminal, and a blank line between hits.
public struct TextPrinter: Printer {
    let sink: OutputSink
    let style: TextStyle
    let explain: Bool
    let batch: Bool

    public func print(_ result: SearchResult, number: Int) {
        defer { if batch { endLine(number, "\(result.hits.count) hit\(result.hits.count == 1 ? "" : "s")") } }
        if explain {
            var lines = "query: " + TerminalSafe.clean(result.parsedQuery)
            for r in result.readings {
                let read = zip(r.readAs, r.distances).map { "\(TerminalSafe.clean($0)) (\($1) edit\($1 == 1 ? "" : "s"))" }
                lines += "\ntypo: \(TerminalSafe.clean(r.word)) also read as " + read.joined(separator: ", ")
            }
            sink.write(style.dim(lines) + "\n\n")
        }
        for hit in result.hits {
            var head = style.location(TerminalSafe.clean(hit.id))
            if !hit.title.isEmpty { head += "  " + style.title(TerminalSafe.clean(hit.title)) }
            var info = "passage \(hit.passage) · score \(DecimalText.fixed(hit.score, digits: 2))"
            if hit.morePassages > 0 { info += " · \(hit.morePassages) more matching passage\(hit.morePassages == 1 ? "" : "s")" }
            if let date = hit.date { info += " · \(TerminalSafe.clean(date))" }
            if let page = hit.page { info += " · S. \(page)" }
            if let section = hit.section { info += " · \(TerminalSafe.clean(section))" }
            if let from = hit.from { info += " · \(TerminalSafe.clean(from))" }
            var why = ""
            if !hit.explanation.isEmpty {
                let parts = hit.explanation.map { "\(TerminalSafe.clean($0.term))=\(DecimalText.fixed($0.weight, digits: 2))" }
                why = style.dim("terms: " + parts.joined(separator: " ")) + "\n"
            }
            if let r = hit.rerank {
                let f = { (x: Double) in DecimalText.fixed(x, digits: 2) }
                why += style.dim("score: passage \(f(r.passageWeight)) × length \(f(r.lengthFactor)) × passages \(f(r.passagesFactor)) × title "
                                 + "\(f(r.titleFactor)) × words \(f(r.wordsFactor))") + "\n"
            }
            sink.write(head + "\n" + style.dim(info) + "\n" + why + snippet(hit) + "\n\n")
        }
    }

    private func snippet(_ hit: Hit) -> String {
        let utf8 = hit.snippet.utf8
        var out = ""
        var last = utf8.startIndex
        for h in hit.highlights {
            let start = utf8.index(utf8.startIndex, offsetBy: h.lowerBound)
            let end = utf8.index(utf8.startIndex, offsetBy: h.upperBound)
            guard start >= last else { continue }
            out += TerminalSafe.clean(hit.snippet[last..<start])
            out += style.match(TerminalSafe.clean(hit.snippet[start..<end]))
            last = end
        }
        out += TerminalSafe.clean(hit.snippet[last...])
        return out
    }

    public func printError(_ message: String, query: String, number: Int) {
        // The message goes to stderr from the command itself.
        if batch { endLine(number, "error") }
    }

    public func printCount(_ count: Int?, query: String, number: Int) {
        sink.write(CountLine.text(count, query: query, batch: batch))
    }

    /// One id a line, for xargs; in a batch an empty line ends each query's.
    public func printIDs(_ result: SearchResult, number: Int) {
        for hit in result.hits { sink.write(TerminalSafe.line(hit.id) + "\n") }
        if batch { sink.write("\n") }
    }

    /// `(query 3: 2 hits)` after each answer of a batch, its end for a script.
    private func endLine(_ number: Int, _ what: String) {
        sink.write(style.dim("(query \(number): \(what))") + "\n")
    }

    public func finish(_ summary: BatchSummary?) {
        if let s = summary { sink.write(style.dim(s.line) + "\n") }
        sink.flush()
    }
}

extension BatchSummary {
    /// `3 queries, 2 with hits, 5 hits, 0 errors, 0.012 s`
    var line: String {
        func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        return (queries == 1 ? "1 query" : "\(queries) queries") + ", \(queriesWithHits) with hits, " + counted(hits, "hit")
            + ", " + counted(errors, "error") + ", " + DecimalText.fixed(seconds, digits: 3) + " s"
    }
}

/// Tab-separated: qnum, rank, id, passage, score, title, snippet. Text
/// fields are escaped (`TSVText`), so every hit stays one row and nothing is lost.
///
/// In a batch, an empty line ends each query's answer (a row is never
/// empty); --stats adds a last line `# 3 queries, 2 with hits, …`.
public struct TSVPrinter: Printer {
    let sink: OutputSink
    let batch: Bool

    public func print(_ result: SearchResult, number: Int) {
        for hit in result.hits {
            let fields = ["\(number)", "\(hit.rank)", TSVText.field(hit.id), "\(hit.passage)", DecimalText.fixed(hit.score, digits: 4),
                          TSVText.field(hit.title), TSVText.field(hit.snippet)]
            sink.write(fields.joined(separator: "\t") + "\n")
        }
        if batch { sink.write("\n") }
    }

    public func printError(_ message: String, query: String, number: Int) {
        if batch { sink.write("\n") }
    }

    public func printCount(_ count: Int?, query: String, number: Int) {
        sink.write(CountLine.text(count, query: TSVText.field(query), batch: batch, safe: true))
    }

    /// `qnum<TAB>id` rows; in a batch an empty line ends each query's.
    public func printIDs(_ result: SearchResult, number: Int) {
        for hit in result.hits { sink.write("\(number)\t" + TSVText.field(hit.id) + "\n") }
        if batch { sink.write("\n") }
    }

    public func finish(_ summary: BatchSummary?) {
        if let summary { sink.write("# " + summary.line + "\n") }
        sink.flush()
    }
}

/// `--count` for text and TSV: `N`, in a batch `N<TAB>query`; a failed
/// query of a batch gets `error<TAB>query`, so every query has its line.
enum CountLine {
    /// `safe`: the query is already escaped (TSV); else controls become stand-ins.
    static func text(_ count: Int?, query: String, batch: Bool, safe: Bool = false) -> String {
        let shown = count.map(String.init) ?? "error"
        return batch ? shown + "\t" + (safe ? query : TerminalSafe.line(query)) + "\n" : shown + "\n"
    }
}
