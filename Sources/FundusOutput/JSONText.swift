import FundusCore

/// Hand-written JSON encoding: valid for every string (controls escaped), and
/// fast enough for thousands of hits a second.
public enum JSONText {
    public static func string(_ s: String) -> String {
        // Most strings need no escape: one pass over the bytes finds out.
        if !needsEscape(s) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }

    /// Whether `string` must escape anything in `s`: controls, quote,
    /// backslash, DEL, U+2028 or U+2029 (E2 80 A8/A9 in UTF-8).
    private static func needsEscape(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            for (i, c) in b.enumerated() {
                if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == 0x7F { return true }
                if c == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return true }
            }
            return false
        }
    }

    static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        return DecimalText.fixed(d, digits: 4)
    }

    /// Highlight ranges as Unicode code point offsets into the snippet.
    static func highlights(_ hit: Hit) -> String {
        let scalars = CodePointOffsets(hit.snippet)
        let pairs = hit.highlights.map { "[\(scalars.offset(ofByte: $0.lowerBound)),\(scalars.offset(ofByte: $0.upperBound))]" }
        return "[" + pairs.joined(separator: ",") + "]"
    }

    /// The counts of `--stats`, as an object.
    static func summaryObject(_ s: BatchSummary) -> String {
        "{\"queries\":\(s.queries),\"queries_with_hits\":\(s.queriesWithHits),\"hits\":\(s.hits),"
            + "\"errors\":\(s.errors),\"seconds\":\(number(s.seconds))}"
    }

    static func error(_ message: String, query: String, number: Int) -> String {
        "{\"qnum\":\(number),\"query\":\(string(query)),\"error\":\(string(message))}"
    }

    static func countFields(_ count: Int?, query: String, number: Int) -> String {
        "\"qnum\":\(number),\"query\":\(string(query)),\"count\":\(count.map(String.init) ?? "null")"
    }

    /// The record that closes one query's answer in JSON Lines: a script
    /// reads until it sees it, whether the query had hits, none or an error.
    static func end(query: String, number: Int, result: SearchResult?, error: String?) -> String {
        var out = "{\"type\":\"end\",\"qnum\":\(number),\"query\":\(string(query)),\"hits\":\(result?.hits.count ?? 0),"
            + "\"estimated\":\(result?.estimatedMatches ?? 0),\"suggestion\":\(optional(result?.suggestion)),"
            + "\"readings\":\(readings(result?.readings ?? []))"
        if let result { out += JSONText.missingShards(result, leading: true) }
        if let error { out += ",\"error\":\(string(error))" }
        return out + "}"
    }

    /// `"missing_shards":["remote host:port"],` when shards were left out
    /// (`--allow-partial`); nothing otherwise, so the records of a whole
    /// search stay as they were.
    static func missingShards(_ result: SearchResult, leading: Bool = false) -> String {
        guard !result.missingShards.isEmpty else { return "" }
        let field = "\"missing_shards\":[\(result.missingShards.map(string).joined(separator: ","))]"
        return leading ? "," + field : field + ","
    }

    /// Words read as others (typo tolerance):
    /// [{"word":"Kurzstreckenrakten","read_as":["Kurzstreckenraketen"],"edits":[1]}].
    static func readings(_ readings: [TypoReading]) -> String {
        "[" + readings.map {
            "{\"word\":\(string($0.word)),\"read_as\":[\($0.readAs.map(string).joined(separator: ","))],"
                + "\"edits\":[\($0.distances.map(String.init).joined(separator: ","))]}"
        }.joined(separator: ",") + "]"
    }

    /// The fields of one hit, shared by the JSON Lines and JSON printers so
    /// that the two schemas cannot drift apart.
    static func hitFields(_ hit: Hit) -> String {
        "\"rank\":\(hit.rank),\"id\":\(string(hit.id)),\"title\":\(string(hit.title)),\"passage\":\(hit.passage),"
            + "\"score\":\(number(hit.score)),\"snippet\":\(string(hit.snippet)),\"highlights\":\(highlights(hit)),"
            + "\"source\":\(optional(hit.source)),\"url\":\(optional(hit.url)),\"date\":\(optional(hit.date))"
            + (hit.page.map { ",\"page\":\($0)" } ?? "") + (hit.section.map { ",\"section\":" + string($0) } ?? "")
            + (hit.from.map { ",\"from\":" + string($0) } ?? "")
            + (hit.explanation.isEmpty ? "" : ",\"explain\":" + explanation(hit))
    }

    /// {"terms":[["Zraket",1.2345],…]}, strongest first, and when the list
    /// was re-ranked "rerank":{"passage":w,"length":f,"passages":f,"title":f,"words":f}.
    static func explanation(_ hit: Hit) -> String {
        var out = "{\"terms\":[" + hit.explanation.map { "[\(string($0.term)),\(number($0.weight))]" }.joined(separator: ",") + "]"
        if let r = hit.rerank {
            out += ",\"rerank\":{\"passage\":\(number(r.passageWeight)),\"length\":\(number(r.lengthFactor)),"
                + "\"passages\":\(number(r.passagesFactor)),"
                + "\"title\":\(number(r.titleFactor)),\"words\":\(number(r.wordsFactor))}"
        }
        return out + "}"
    }
}

/// Maps UTF-8 byte offsets of a string to code point offsets.
struct CodePointOffsets {
    private var byteToScalar: [Int]

    init(_ s: String) {
        var map: [Int] = []
        map.reserveCapacity(s.utf8.count + 1)
        var scalarIndex = 0
        for scalar in s.unicodeScalars {
            for _ in 0..<UTF8.width(scalar) { map.append(scalarIndex) }
            scalarIndex += 1
        }
        map.append(scalarIndex)
        byteToScalar = map
    }

    func offset(ofByte b: Int) -> Int { byteToScalar[min(max(b, 0), byteToScalar.count - 1)] }
}
