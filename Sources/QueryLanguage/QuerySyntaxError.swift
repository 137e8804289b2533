/// Why a query could not be parsed, and where.
public struct QuerySyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// Character offset into `query` (0-based); may equal `query.count`
    /// when something is missing at the end.
    public var offset: Int
    public var query: String

    public init(message: String, offset: Int, query: String) {
        self.message = message
        self.offset = offset
        self.query = query
    }

    /// 1-based, because that is how people count columns.
    public var column: Int { offset + 1 }

    /// One line, e.g. `query "(Rakete OR": missing ')' at column 11`, so it
    /// fits a log line or a terminal error without breaking layout.
    public var description: String {
        "query \"\(Self.oneLine(query))\": \(message) at column \(column)"
    }

    /// Escapes control characters so the description stays on one line, and
    /// shortens very long queries: the column still refers to the full query.
    static func oneLine(_ text: String) -> String {
        let limit = 120
        var out = ""
        var count = 0
        for character in text {
            if count == limit {
                out += "…"
                break
            }
            switch character {
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case _ where character.isNewline: out += "\\n"
            default: out.append(character)
            }
            count += 1
        }
        return out
    }
}
