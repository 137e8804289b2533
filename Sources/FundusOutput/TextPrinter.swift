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

    public func print(_ result: SearchResult, number: Int) {
        if explain { sink.write(style.dim("query: " + TerminalSafe.clean(result.parsedQuery)) + "\n\n") }
        for hit in result.hits {
            var head = style.location(TerminalSafe.clean(hit.id))
            if !hit.title.isEmpty { head += "  " + style.title(TerminalSafe.clean(hit.title)) }
            var info = "passage \(hit.passage) · score \(DecimalText.fixed(hit.score, digits: 2))"
            if hit.morePassages > 0 { info += " · \(hit.morePassages) more matching passage\(hit.morePassages == 1 ? "" : "s")" }
            if let date = hit.date { info += " · \(TerminalSafe.clean(date))" }
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
        // Errors go to stderr from the command itself; nothing on stdout.
    }

    public func finish(_ summary: BatchSummary?) {
        if let s = summary {
            sink.write(style.dim("\(s.queries) queries, \(s.queriesWithHits) with hits, \(s.hits) hits, \(s.errors) errors, "
                + DecimalText.fixed(s.seconds, digits: 3) + " s") + "\n")
        }
        sink.flush()
    }
}

/// Tab-separated: qnum, rank, id, passage, score, title, snippet. Text
/// fields are escaped (`TSVText`), so every hit stays one row and nothing is lost.
public struct TSVPrinter: Printer {
    let sink: OutputSink

    public func print(_ result: SearchResult, number: Int) {
        for hit in result.hits {
            let fields = ["\(number)", "\(hit.rank)", TSVText.field(hit.id), "\(hit.passage)", DecimalText.fixed(hit.score, digits: 4),
                          TSVText.field(hit.title), TSVText.field(hit.snippet)]
            sink.write(fields.joined(separator: "\t") + "\n")
        }
    }

    public func printError(_ message: String, query: String, number: Int) {}

    public func finish(_ summary: BatchSummary?) { sink.flush() }
}
